import {EXPORTERS, metricFact, SERVICE_JOBS} from '../catalog/index.js'
import {aggregate, eq, type Matcher, rate, scopeExpression} from './promql.js'
import {legendFor, type PanelQuery, type Scope} from './queries.js'

/**
 * Queries on catalog series that are not per-runtime signals: scrape health, probes, alerts,
 * network counters, drift results. Names are looked up in the catalog so a typo fails generation.
 */

export function catalogMetric(name: string): string {
  if (!metricFact(name)) throw new Error(`${name} is not in the metric catalog (src/catalog/metrics.ts)`)
  return name
}

const nodeExporterJob = EXPORTERS['node-exporter'].job

/** 1 while node_exporter on the node answers, 0 when the scrape fails. */
export function nodeUp(scope: Scope): PanelQuery {
  const selector = scopeExpression(catalogMetric('up'), [eq('job', nodeExporterJob), ...scope.matchers])
  return {expr: aggregate('min', scope.by, selector), instant: true, legend: legendFor(scope.by)}
}

/** The node_exporter `up` series, for multiplying an estimate so it reads 0 while the node is down. */
export function nodeUpSelector(matchers: readonly Matcher[]): string {
  return scopeExpression(catalogMetric('up'), [eq('job', nodeExporterJob), ...matchers])
}

function probe(metric: string, scope: Scope, agg: 'min' | 'max'): PanelQuery {
  const selector = scopeExpression(catalogMetric(metric), [eq('job', SERVICE_JOBS.healthProbe), ...scope.matchers])
  return {expr: aggregate(agg, scope.by, selector), legend: legendFor(scope.by)}
}

/** 1 while the server's health endpoint answers 2xx: the one signal every runtime has, Ollama included. */
export const healthProbeSuccess = (scope: Scope): PanelQuery => probe('probe_success', scope, 'min')

export const healthProbeDuration = (scope: Scope): PanelQuery => probe('probe_duration_seconds', scope, 'max')

/** Firing alerts with the labels an operator routes by; one row per alert and target. */
export function firingAlerts(): PanelQuery {
  const selector = scopeExpression(catalogMetric('ALERTS'), [eq('alertstate', 'firing')])
  return {expr: aggregate('sum', ['alertname', 'severity', 'node', 'server'], selector), instant: true, legend: '{{alertname}}'}
}

/** Loopback traffic says nothing about the node's work (`lo` on Linux, `lo0` on macOS). */
const NOT_LOOPBACK: Matcher = {label: 'device', op: '!~', value: 'lo[0-9]*'}

export function networkBytes(direction: 'receive' | 'transmit', scope: Scope): PanelQuery {
  const metric = catalogMetric(`node_network_${direction}_bytes_total`)
  return {
    expr: aggregate('sum', scope.by, rate(metric, [eq('job', nodeExporterJob), NOT_LOOPBACK, ...scope.matchers])),
    legend: legendFor(scope.by, direction === 'receive' ? 'in' : 'out'),
  }
}

/** Drift results are pushed with `job` = the drift job's name (honor_labels keeps it). */
export const DRIFT_JOB_LABEL = 'job'

export function driftGauge(metric: 'kl' | 'samples' | 'age', driftJob: string): PanelQuery {
  return driftValue(metric, [eq(DRIFT_JOB_LABEL, driftJob)])
}

/** The `n` drift jobs with the highest divergence, or the longest since their last run, across the fleet. */
export function driftHighest(metric: 'kl' | 'age', n: number): PanelQuery {
  const {expr, legend} = driftValue(metric, [])
  return {expr: `topk(${n}, ${expr})`, legend}
}

function driftValue(metric: 'kl' | 'samples' | 'age', matchers: Matcher[]): PanelQuery {
  const name = {
    age: 'inferwatch_drift_last_success_timestamp_seconds',
    kl: 'inferwatch_drift_kl_divergence',
    samples: 'inferwatch_drift_samples',
  }[metric]
  const selector = scopeExpression(catalogMetric(name), matchers)
  // Sample counts come for the recent and the baseline window, told apart by `window`.
  const by = metric === 'samples' ? [DRIFT_JOB_LABEL, 'window'] : [DRIFT_JOB_LABEL]
  const value = aggregate('max', by, selector)
  return {expr: metric === 'age' ? `time() - ${value}` : value, legend: by.map((label) => `{{${label}}}`).join(' ')}
}

/** macmon's SoC power split (whole SoC, GPU, Neural Engine), on Apple Silicon nodes that run it. */
export function macmonPower(scope: Scope): PanelQuery[] {
  const parts = [
    ['macmon_all_power_watts', 'SoC'],
    ['macmon_gpu_power_watts', 'GPU'],
    ['macmon_ane_power_watts', 'ANE'],
  ] as const
  return parts.map(([metric, part]) => ({
    expr: aggregate('sum', scope.by, scopeExpression(catalogMetric(metric), [eq('job', EXPORTERS.macmon.job), ...scope.matchers])),
    legend: legendFor(scope.by, part),
  }))
}

export function macmonGpuTemperature(scope: Scope): PanelQuery {
  const selector = scopeExpression(catalogMetric('macmon_gpu_temp_celsius'), [eq('job', EXPORTERS.macmon.job), ...scope.matchers])
  return {expr: aggregate('max', scope.by, selector), legend: legendFor(scope.by)}
}
