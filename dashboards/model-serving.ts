import {SERVER_SIGNALS} from '../src/catalog/index.js'
import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import type {Section} from '../src/grafana/layout.js'
import type {Panel} from '../src/grafana/panels.js'
import {text, timeSeries, upDownStat} from '../src/grafana/panels.js'
import {eq, re} from '../src/grafana/promql.js'
import {canaryLatencyRatio, errorRatioQueries, fleetScope, reasonQueries, type Scope, serverSignalQueries} from '../src/grafana/queries.js'
import {healthProbeDuration, healthProbeSuccess} from '../src/grafana/series.js'
import {signalTimeSeries} from '../src/grafana/signal-panels.js'
import {onlyCovered} from '../src/grafana/signal-sources.js'
import {errorRatioSloThresholds, interTokenLatencySloThresholds, latencySloThresholds, ttftSloThresholds} from '../src/grafana/thresholds.js'
import {UNITS} from '../src/grafana/units.js'
import {modelVariable, SERVER_MATCHERS, serverVariable} from '../src/grafana/variables.js'
import type {Fleet} from '../src/normalize/fleet-model.js'
import type {DashboardDefinition} from './definition.js'

const perServer = (fleet: Fleet): Scope => fleetScope(fleet, ['server'], SERVER_MATCHERS)
const QUANTILES = [0.5, 0.95, 0.99] as const

function trafficSection(fleet: Fleet): Section {
  const {servers} = fleet
  const errors = errorRatioQueries(servers, perServer(fleet))
  const reasons = reasonQueries(servers, perServer(fleet))
  const panels: Panel[] = [
    signalTimeSeries(SERVER_SIGNALS.requests, serverSignalQueries('requests', servers, {kind: 'rate'}, perServer(fleet)), {
      description: 'Requests finished per second, per server.',
      title: 'Requests per second',
    }),
    signalTimeSeries({description: 'Failed requests over all requests; the dashed line is each server’s error-rate SLO.', title: 'Error ratio', unit: 'percentunit'}, errors, {
      min: 0,
      seriesThresholds: errorRatioSloThresholds(onlyCovered(servers, errors.coverage)),
    }),
  ]
  if (reasons.queries.length > 0) {
    panels.push(
      timeSeries({
        description: `Requests per second by the reason the runtime gives (${reasons.described.join('; ')}).`,
        queries: reasons.queries,
        title: 'Errors by reason',
        unit: 'reqps',
      }),
    )
  }
  return {columns: 3, panels, title: 'Traffic and errors'}
}

function quantilePanels(fleet: Fleet): Panel[] {
  const {servers} = fleet
  const latency = QUANTILES.map((q) => serverSignalQueries('latency', servers, {kind: 'quantile', quantile: q}, perServer(fleet)))
  const ttft = QUANTILES.map((q) => serverSignalQueries('ttft', servers, {kind: 'quantile', quantile: q}, perServer(fleet)))
  const itl = QUANTILES.map((q) => serverSignalQueries('interTokenLatency', servers, {kind: 'quantile', quantile: q}, perServer(fleet)))
  const merge = (results: typeof latency) => ({coverage: results[0]!.coverage, queries: results.flatMap((r) => r.queries)})
  return [
    signalTimeSeries(SERVER_SIGNALS.latency, merge(latency), {
      description: 'End-to-end request latency, P50/P95/P99 per server; the dashed line is each server’s P99 SLO.',
      seriesThresholds: latencySloThresholds(onlyCovered(servers, latency[0]!.coverage), 'p99'),
      title: 'Request latency P50 / P95 / P99',
    }),
    signalTimeSeries(SERVER_SIGNALS.ttft, merge(ttft), {
      description: 'Time to first token, P50/P95/P99 per server; the dashed line is each server’s P95 TTFT SLO.',
      seriesThresholds: ttftSloThresholds(onlyCovered(servers, ttft[0]!.coverage), 'p95'),
      title: 'Time to first token P50 / P95 / P99',
    }),
    signalTimeSeries(SERVER_SIGNALS.interTokenLatency, merge(itl), {
      description: 'Time between output tokens of streamed answers, P50/P95/P99 per server (TGI: each request’s mean time per token); the dashed line is each server’s P95 objective.',
      seriesThresholds: interTokenLatencySloThresholds(onlyCovered(servers, itl[0]!.coverage), 'p95'),
      title: 'Inter-token latency P50 / P95 / P99',
    }),
    timeSeries({
      description: 'How long the health endpoint takes to answer the blackbox probe: the only latency there is for runtimes without histograms.',
      queries: [healthProbeDuration(perServer(fleet))],
      title: 'Health probe duration',
      unit: UNITS.seconds,
    }),
  ]
}

function throughputSection(fleet: Fleet): Section {
  const {servers, thresholds} = fleet
  const rate = {kind: 'rate'} as const
  const current = {kind: 'current'} as const
  return {
    columns: 3,
    panels: [
      signalTimeSeries(SERVER_SIGNALS.generatedTokens, serverSignalQueries('generatedTokens', servers, rate, perServer(fleet)), {
        description: 'Tokens generated per second, per server.',
        title: 'Generated tokens per second',
      }),
      signalTimeSeries(SERVER_SIGNALS.promptTokens, serverSignalQueries('promptTokens', servers, rate, perServer(fleet)), {
        description: 'Prompt tokens processed per second, per server.',
        title: 'Prompt tokens per second',
      }),
      signalTimeSeries(SERVER_SIGNALS.running, serverSignalQueries('running', servers, current, perServer(fleet)), {min: 0}),
      signalTimeSeries(SERVER_SIGNALS.queueDepth, serverSignalQueries('queueDepth', servers, current, perServer(fleet)), {
        description: 'Requests waiting to be scheduled; the dashed line is the fleet’s queue-depth threshold ("add a node").',
        min: 0,
        thresholds: [{color: 'red', value: thresholds.queueDepth}],
      }),
      signalTimeSeries(SERVER_SIGNALS.kvCache, serverSignalQueries('kvCache', servers, current, perServer(fleet)), {max: 1, min: 0}),
    ],
    title: 'Throughput and saturation',
  }
}

/** Stable and canary of the same model side by side, plus their P99 ratio against the regression factor. */
function canarySection(fleet: Fleet): Section {
  const canaries = fleet.servers.filter((s) => s.models.length === 1 && s.models[0]!.stage === 'canary')
  if (canaries.length === 0) return {panels: [], title: 'Canary vs stable'}
  const models = new Set(canaries.map((s) => s.models[0]!.name))
  const involved = fleet.servers.filter((s) => s.models.length === 1 && models.has(s.models[0]!.name))
  const stage = (name: 'stable' | 'canary'): Scope => fleetScope(fleet, ['model'], [re('model', '$model'), eq('stage', name)])
  const side = (name: 'stable' | 'canary') => [
    signalTimeSeries(SERVER_SIGNALS.latency, serverSignalQueries('latency', involved, {kind: 'quantile', quantile: 0.99}, stage(name)), {description: `P99 end-to-end latency of the ${name} servers, per model.`, title: `P99 latency — ${name}`}),
    signalTimeSeries({description: `Failed over all requests of the ${name} servers.`, title: `Error ratio — ${name}`, unit: 'percentunit'}, errorRatioQueries(involved, stage(name)), {min: 0}),
    signalTimeSeries(SERVER_SIGNALS.requests, serverSignalQueries('requests', involved, {kind: 'rate'}, stage(name)), {description: `Requests finished per second by the ${name} servers, per model.`, title: `Requests per second — ${name}`}),
  ]
  const [stable, canary] = [side('stable'), side('canary')]
  const pairs = stable.flatMap((panel, i) => [panel, canary[i]!])
  const ratio = canaryLatencyRatio(involved, fleetScope(fleet, ['model'], [re('model', '$model')]))
  if (ratio) {
    pairs.push(
      timeSeries({
        description: 'Canary P99 latency divided by stable P99 latency per model; above the dashed line the canary counts as a regression.',
        fullWidth: true,
        queries: [ratio],
        thresholds: [{color: 'red', value: fleet.thresholds.canaryLatencyFactor}],
        title: 'Canary ÷ stable P99 latency',
        unit: UNITS.none,
      }),
    )
  } else {
    pairs.push(text({description: 'Why there is no canary latency ratio.', fullWidth: true, markdown: 'The canary’s runtime has no latency histogram, so canary and stable P99 cannot be compared.', title: 'Canary ÷ stable P99 latency (not available)'}))
  }
  return {columns: 2, panels: pairs, title: 'Canary vs stable'}
}

function probeSection(fleet: Fleet): Section {
  return {
    columns: 1,
    panels: [
      upDownStat({
        description: 'Whether each server’s health endpoint answers 2xx to the blackbox probe.',
        query: healthProbeSuccess(perServer(fleet)),
        title: 'Health',
      }),
    ],
    title: 'Availability',
  }
}

export const modelServingDashboard: DashboardDefinition = {
  build: (fleet) =>
    fleet.servers.length === 0
      ? null
      : fleetDashboard(fleet, {
          description: `Model servers of fleet ${fleet.name}: traffic, errors, latency, time to first token, tokens, queue and KV cache, canary against stable.`,
          kind: 'serving',
          sections: [
            probeSection(fleet),
            trafficSection(fleet),
            {columns: 3, panels: quantilePanels(fleet), title: 'Latency'},
            throughputSection(fleet),
            canarySection(fleet),
          ],
          title: 'Model serving',
          variables: [serverVariable(), modelVariable()],
        }),
  kind: 'serving',
}
