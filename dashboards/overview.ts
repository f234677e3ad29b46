import {NODE_SIGNALS, SERVER_SIGNALS} from '../src/catalog/index.js'
import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import type {Section} from '../src/grafana/layout.js'
import {runbookUrl} from '../src/grafana/links.js'
import {table, timeSeries, upDownStat} from '../src/grafana/panels.js'
import {complement, errorRatioQueries, fleetScope, nodeSignalQueries, nodeSignalQueriesByThresholds, serverSignalQueries} from '../src/grafana/queries.js'
import {firingAlerts, healthProbeDuration, healthProbeSuccess, nodeUp} from '../src/grafana/series.js'
import {signalTimeSeries} from '../src/grafana/signal-panels.js'
import {onlyCovered} from '../src/grafana/signal-sources.js'
import {errorRatioSloThresholds, fraction, latencySloThresholds, temperatureThresholdsOf} from '../src/grafana/thresholds.js'
import {UNITS} from '../src/grafana/units.js'
import type {Fleet} from '../src/normalize/fleet-model.js'
import type {DashboardDefinition} from './definition.js'

const perNode = (fleet: Fleet) => fleetScope(fleet, ['node'])
const perServer = (fleet: Fleet) => fleetScope(fleet, ['server'])
const perRuntime = (fleet: Fleet) => fleetScope(fleet, ['runtime'])

function statusSection(fleet: Fleet): Section {
  const panels = [
    upDownStat({
      description: 'Whether Prometheus can scrape node_exporter on each node: UP, or DOWN when the node or its exporter is unreachable.',
      query: nodeUp(perNode(fleet)),
      title: 'Node status',
    }),
  ]
  if (fleet.servers.length > 0) {
    panels.push(
      upDownStat({
        description: 'Whether each model server’s health endpoint answers 2xx to the blackbox probe. The only signal every runtime has, Ollama included.',
        query: healthProbeSuccess(perServer(fleet)),
        title: 'Model server health',
      }),
    )
  }
  panels.push(
    table({
      description: 'Alerts firing now, from Prometheus’s ALERTS series. Click an alert name to open its runbook.',
      hide: ['Time', 'Value'],
      link: {column: 'alertname', title: 'Runbook for ${__value.raw}', url: runbookUrl(fleet, '${__value.raw}')},
      queries: [firingAlerts()],
      title: 'Firing alerts',
      unit: UNITS.none,
    }),
  )
  return {columns: 2, panels, title: 'Status'}
}

function servingSection(fleet: Fleet): Section {
  const {servers} = fleet
  if (servers.length === 0) return {panels: [], title: 'Serving'}
  const latency = serverSignalQueries('latency', servers, {kind: 'quantile', quantile: 0.99}, perServer(fleet))
  const errors = errorRatioQueries(servers, perServer(fleet))
  return {
    panels: [
      signalTimeSeries(SERVER_SIGNALS.latency, latency, {
        description: 'P99 end-to-end request latency per server; the dashed line is each server’s latency SLO.',
        seriesThresholds: latencySloThresholds(onlyCovered(servers, latency.coverage), 'p99'),
        title: 'P99 latency per server',
      }),
      signalTimeSeries({description: 'Failed requests over all requests per server; the dashed line is each server’s error-rate SLO.', title: 'Error ratio per server', unit: 'percentunit'}, errors, {
        min: 0,
        seriesThresholds: errorRatioSloThresholds(onlyCovered(servers, errors.coverage)),
      }),
      timeSeries({
        description: 'How long each server’s health endpoint takes to answer the blackbox probe: the latency view for runtimes without a latency histogram.',
        queries: [healthProbeDuration(perServer(fleet))],
        title: 'Health probe duration',
        unit: UNITS.seconds,
      }),
      signalTimeSeries(SERVER_SIGNALS.requests, serverSignalQueries('requests', servers, {kind: 'rate'}, perRuntime(fleet)), {
        description: 'Requests finished per second across the fleet, stacked by runtime.',
        stacked: true,
        title: 'Requests per second (fleet)',
      }),
      signalTimeSeries(SERVER_SIGNALS.generatedTokens, serverSignalQueries('generatedTokens', servers, {kind: 'rate'}, perRuntime(fleet)), {
        description: 'Tokens generated per second across the fleet, stacked by runtime.',
        stacked: true,
        title: 'Tokens per second (fleet)',
      }),
    ],
    title: 'Serving',
  }
}

function nodesSection(fleet: Fleet): Section {
  const {nodes, thresholds} = fleet
  const temperature = nodeSignalQueriesByThresholds('temperature', nodes, perNode(fleet), temperatureThresholdsOf)
  return {
    panels: [
      signalTimeSeries(NODE_SIGNALS.temperature, temperature, {
        description: 'Hottest relevant sensor per node; dashed lines are each hardware’s warning and critical temperatures.',
      }),
      signalTimeSeries(NODE_SIGNALS.diskFree, nodeSignalQueries('diskFree', nodes, perNode(fleet)), {
        baseColor: 'red',
        description: 'Free space on the fullest filesystem of each node; red below the fleet’s disk-free threshold.',
        max: 1,
        min: 0,
        thresholds: [{color: 'green', value: fraction(thresholds.diskFreePercent)}],
        title: 'Disk headroom',
      }),
      signalTimeSeries(NODE_SIGNALS.memoryUsed, complement(nodeSignalQueries('memoryUsed', nodes, perNode(fleet))), {
        baseColor: 'red',
        description: 'Share of memory still available on each node; red once use passes the fleet’s memory threshold.',
        max: 1,
        min: 0,
        thresholds: [{color: 'green', value: 1 - fraction(thresholds.memoryUsedPercent)}],
        title: 'Memory headroom',
      }),
    ],
    title: 'Nodes',
  }
}

export const overviewDashboard: DashboardDefinition = {
  build: (fleet) =>
    fleetDashboard(fleet, {
      description: `Fleet ${fleet.name} at a glance: node and server health, firing alerts, latency and errors per server, temperatures and headroom.`,
      kind: 'overview',
      sections: [statusSection(fleet), servingSection(fleet), nodesSection(fleet)],
      title: 'Fleet overview',
    }),
  kind: 'overview',
}
