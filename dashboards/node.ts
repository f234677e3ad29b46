import {ACCELERATOR_SIGNALS, NODE_SIGNALS} from '../src/catalog/index.js'
import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import type {Section} from '../src/grafana/layout.js'
import {timeSeries} from '../src/grafana/panels.js'
import {acceleratorSignalQueries, fleetScope, nodeSignalQueries, nodeSignalQueriesByThresholds, type Scope} from '../src/grafana/queries.js'
import {macmonGpuTemperature, macmonPower, networkBytes} from '../src/grafana/series.js'
import {signalStat, signalTimeSeries} from '../src/grafana/signal-panels.js'
import {fraction, temperatureThresholdsOf} from '../src/grafana/thresholds.js'
import {UNITS} from '../src/grafana/units.js'
import {NODE_MATCHERS, nodeVariable} from '../src/grafana/variables.js'
import type {Fleet} from '../src/normalize/fleet-model.js'
import type {DashboardDefinition} from './definition.js'

const perNode = (fleet: Fleet, by: readonly string[] = ['node']): Scope => fleetScope(fleet, by, NODE_MATCHERS)

function systemSection(fleet: Fleet): Section {
  const {nodes, thresholds} = fleet
  return {
    columns: 2,
    panels: [
      signalTimeSeries(NODE_SIGNALS.cpuBusy, nodeSignalQueries('cpuBusy', nodes, perNode(fleet)), {max: 1, min: 0}),
      signalTimeSeries(NODE_SIGNALS.memoryUsed, nodeSignalQueries('memoryUsed', nodes, perNode(fleet)), {
        description: 'Share of memory in use; the dashed line is the fleet’s memory threshold.',
        max: 1,
        min: 0,
        thresholds: [{color: 'red', value: fraction(thresholds.memoryUsedPercent)}],
      }),
      signalTimeSeries(NODE_SIGNALS.diskFree, nodeSignalQueries('diskFree', nodes, perNode(fleet, ['node', 'mountpoint'])), {
        baseColor: 'red',
        description: 'Free space per filesystem; red below the fleet’s disk-free threshold.',
        max: 1,
        min: 0,
        thresholds: [{color: 'green', value: fraction(thresholds.diskFreePercent)}],
      }),
      timeSeries({
        description: 'Bytes received (in) and sent (out) per second on every interface but loopback.',
        queries: [networkBytes('receive', perNode(fleet)), networkBytes('transmit', perNode(fleet))],
        title: 'Network',
        unit: UNITS.bytesPerSecond,
      }),
    ],
    title: 'System',
  }
}

function thermalSection(fleet: Fleet): Section {
  const {nodes} = fleet
  const temperature = nodeSignalQueriesByThresholds('temperature', nodes, perNode(fleet), temperatureThresholdsOf)
  const power = nodeSignalQueries('power', nodes, perNode(fleet))
  const panels = [
    signalTimeSeries(NODE_SIGNALS.temperature, temperature, {
      description: 'Hottest relevant sensor per node; dashed lines are each hardware’s warning and critical temperatures.',
    }),
    signalTimeSeries(NODE_SIGNALS.throttled, nodeSignalQueries('throttled', nodes, perNode(fleet)), {max: 1, min: 0}),
    signalTimeSeries(NODE_SIGNALS.underVoltage, nodeSignalQueries('underVoltage', nodes, perNode(fleet)), {min: 0}),
  ]
  // Estimated watts belong on the energy dashboard; here only what a sensor measures.
  if (power.queries.length > 0) panels.push(signalTimeSeries(NODE_SIGNALS.power, power))
  return {columns: 2, panels, title: 'Temperature and throttling'}
}

const hasAccelerator = (fleet: Fleet, ids: readonly string[]) => fleet.nodes.some((n) => n.accelerators.some((a) => ids.includes(a.id)))

function gpuSection(fleet: Fleet): Section {
  if (!hasAccelerator(fleet, ['nvidia'])) return {panels: [], title: 'NVIDIA GPU'}
  const {nodes} = fleet
  return {
    columns: 2,
    panels: [
      signalTimeSeries(ACCELERATOR_SIGNALS.gpuUtilization, acceleratorSignalQueries('gpuUtilization', nodes, perNode(fleet)), {max: 100, min: 0, unit: UNITS.percent}),
      signalTimeSeries(ACCELERATOR_SIGNALS.gpuPower, acceleratorSignalQueries('gpuPower', nodes, perNode(fleet))),
      signalTimeSeries(ACCELERATOR_SIGNALS.gpuMemoryUsed, acceleratorSignalQueries('gpuMemoryUsed', nodes, perNode(fleet)), {min: 0, unit: UNITS.mebibytes}),
      signalTimeSeries(ACCELERATOR_SIGNALS.gpuMemoryFree, acceleratorSignalQueries('gpuMemoryFree', nodes, perNode(fleet)), {min: 0, unit: UNITS.mebibytes}),
      signalStat(ACCELERATOR_SIGNALS.gpuXid, acceleratorSignalQueries('gpuXid', nodes, perNode(fleet)), {
        description: 'The last XID error code dcgm-exporter saw per node (0 when none); look the code up in NVIDIA’s XID table.',
        thresholds: [{color: 'red', value: 1}],
      }),
    ],
    title: 'NVIDIA GPU',
  }
}

/** Only where a node runs the Hailo exporter: without it there is nothing to draw. */
function npuSection(fleet: Fleet): Section {
  const npu = acceleratorSignalQueries('npuUtilization', fleet.nodes, perNode(fleet))
  if (npu.queries.length === 0) return {panels: [], title: 'NPU'}
  return {
    columns: 1,
    panels: [signalTimeSeries(ACCELERATOR_SIGNALS.npuUtilization, npu, {max: 100, min: 0, unit: UNITS.percent})],
    title: 'NPU',
  }
}

function appleSection(fleet: Fleet): Section {
  const macs = fleet.nodes.filter((n) => n.hardware.id === 'apple-silicon' && n.exporters.some((e) => e.id === 'macmon'))
  if (macs.length === 0) return {panels: [], title: 'Apple Silicon'}
  return {
    columns: 2,
    panels: [
      timeSeries({
        description: 'Power reported by macmon: the whole SoC, and the GPU and Neural Engine (ANE) shares of it.',
        queries: macmonPower(perNode(fleet)),
        title: 'SoC power by component',
        unit: UNITS.watt,
      }),
      timeSeries({
        description: 'GPU temperature reported by macmon (the CPU temperature is in the temperature panel).',
        queries: [macmonGpuTemperature(perNode(fleet))],
        title: 'GPU temperature',
        unit: 'celsius',
      }),
    ],
    title: 'Apple Silicon',
  }
}

export const nodeDashboard: DashboardDefinition = {
  build: (fleet) =>
    fleetDashboard(fleet, {
      description: `One or more nodes of fleet ${fleet.name} in detail: CPU, memory, disk, network, temperature, throttling and accelerators.`,
      kind: 'node',
      sections: [systemSection(fleet), thermalSection(fleet), gpuSection(fleet), npuSection(fleet), appleSection(fleet)],
      title: 'Node',
      variables: [nodeVariable()],
    }),
  kind: 'node',
}
