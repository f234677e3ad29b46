import type {FleetNode, ModelServer} from '../normalize/fleet-model.js'
import type {ThresholdStep} from './panels.js'

/**
 * Panel thresholds from the fleet's resolved knobs (defaults.ts, overridden by fleet.yaml), the same
 * values the alerts use, so a line on a graph is where an alert fires.
 */

export type SeriesThresholds = {series: string; steps: ThresholdStep[]}[]

/** A node's warning and critical temperatures (its hardware's, or the fleet's for that hardware). */
export function temperatureThresholdsOf(node: FleetNode): ThresholdStep[] {
  return [
    {color: 'orange', value: node.temperature.warning},
    {color: 'red', value: node.temperature.critical},
  ]
}

export function latencySloThresholds(servers: readonly ModelServer[], suffix: string): SeriesThresholds {
  return servers.map((s) => ({series: `${s.name} ${suffix}`, steps: [{color: 'red', value: s.slo.latencyP99Seconds}]}))
}

export function ttftSloThresholds(servers: readonly ModelServer[], suffix: string): SeriesThresholds {
  return servers.map((s) => ({series: `${s.name} ${suffix}`, steps: [{color: 'red', value: s.slo.ttftP95Seconds}]}))
}

export function interTokenLatencySloThresholds(servers: readonly ModelServer[], suffix: string): SeriesThresholds {
  return servers.map((s) => ({series: `${s.name} ${suffix}`, steps: [{color: 'red', value: s.slo.interTokenLatencyP95Seconds}]}))
}

export function errorRatioSloThresholds(servers: readonly ModelServer[]): SeriesThresholds {
  return servers.map((s) => ({series: s.name, steps: [{color: 'red', value: s.slo.errorRatio}]}))
}

/** A percent knob as the 0–1 fraction panels plot. */
export const fraction = (percent: number): number => percent / 100
