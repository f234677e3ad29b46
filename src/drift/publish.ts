import {readFile, rename, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {NODE_LABELS} from '../catalog/index.js'
import {fetchFailure} from './errors.js'
import type {DriftJobConfig} from './jobs-file.js'
import {type Measurement, samplesIn} from './measure.js'

/**
 * What a drift run publishes, and the two ways it gets to Prometheus. Series carry the job's labels
 * (server, model) as the rules and dashboard select them; the Pushgateway adds `job` from the
 * grouping key `/metrics/job/<drift job>`.
 */
export const DRIFT_METRICS = {
  js: {help: 'Jensen-Shannon divergence of the recent distribution and the baseline, nats', name: 'inferwatch_drift_js_divergence'},
  kl: {help: 'KL divergence KL(baseline || recent) of the recent output-length distribution from the baseline, nats', name: 'inferwatch_drift_kl_divergence'},
  lastSuccess: {help: 'Unix time of the last drift run that read its source (measured, or too few samples)', name: 'inferwatch_drift_last_success_timestamp_seconds'},
  psi: {help: 'Population stability index of the recent distribution against the baseline', name: 'inferwatch_drift_psi'},
  samples: {help: 'Observations in the recent and the baseline window of the last run', name: 'inferwatch_drift_samples'},
  up: {help: '1 when the last drift run produced a divergence, 0 when it could not (source unreadable or too few samples)', name: 'inferwatch_drift_up'},
} as const

type MetricKey = keyof typeof DRIFT_METRICS

interface Line {
  metric: MetricKey
  labels?: Record<string, string>
  value: number
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

function renderLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort()
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}`
}

/** Text exposition format, families in a fixed order, labels sorted: the same run gives the same bytes. */
export function renderExposition(lines: readonly Line[], labels: Record<string, string>): string {
  const out: string[] = []
  for (const key of Object.keys(DRIFT_METRICS) as MetricKey[]) {
    const family = lines.filter((l) => l.metric === key)
    if (family.length === 0) continue
    const {help, name} = DRIFT_METRICS[key]
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`)
    for (const line of family) out.push(`${name}${renderLabels({...labels, ...line.labels})} ${formatValue(line.value)}`)
  }
  return `${out.join('\n')}\n`
}

const formatValue = (value: number) => (Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : String(value))

/**
 * The series of a run. A fault says nothing new about the distribution, so it publishes `up 0`
 * alone and leaves the last divergence in place; too few samples is a fresh reading with no
 * meaningful divergence, so it replaces everything and publishes none.
 */
export function runSeries(measurement: Measurement, at: number): Line[] {
  if (measurement.status === 'failed') return [{metric: 'up', value: 0}]
  const samples: Line[] = [
    {labels: {window: 'baseline'}, metric: 'samples', value: samplesIn(measurement.baseline)},
    {labels: {window: 'recent'}, metric: 'samples', value: samplesIn(measurement.recent)},
  ]
  const common: Line[] = [...samples, {metric: 'lastSuccess', value: at}]
  if (measurement.status === 'too-few-samples') return [...common, {metric: 'up', value: 0}]
  const {js, kl, psi} = measurement.result
  return [{metric: 'kl', value: kl}, {metric: 'psi', value: psi}, {metric: 'js', value: js}, ...common, {metric: 'up', value: 1}]
}

export const textfileName = (job: string) => `inferwatch_drift_${job.replace(/[^A-Za-z0-9_]/g, '_')}.prom`

/**
 * node_exporter's scrape attaches the node's labels and `job="node"` itself, and would rename copies
 * in the file to exported_*; so the file carries the server and model, and the drift job's name as
 * `drift_job`.
 */
export function textfileLabels(job: DriftJobConfig): Record<string, string> {
  const own = Object.entries(job.labels).filter(([label]) => !(NODE_LABELS as readonly string[]).includes(label))
  return {...Object.fromEntries(own), drift_job: job.name}
}

/**
 * node_exporter's textfile collector reads `*.prom` files, so the file is written under another name
 * in the same directory and renamed over the old one: the collector sees the old or the new file,
 * never half of one. On a fault, the old file's lines other than `inferwatch_drift_up` are kept.
 */
export async function publishTextfile(dir: string, job: DriftJobConfig, measurement: Measurement, at: number): Promise<string> {
  const file = join(dir, textfileName(job.name))
  const labels = textfileLabels(job)
  let content = renderExposition(runSeries(measurement, at), labels)
  if (measurement.status === 'failed') {
    const previous = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return ''
      throw error
    })
    content = mergeFault(previous, content)
  }
  const temporary = join(dir, `.${textfileName(job.name)}.${process.pid}.tmp`)
  await writeFile(temporary, content)
  await rename(temporary, file)
  return file
}

/** The previous file with its `inferwatch_drift_up` family replaced by the fault's. */
function mergeFault(previous: string, fault: string): string {
  const up = DRIFT_METRICS.up.name
  const isUp = (line: string) => line.startsWith(`${up}{`) || line.startsWith(`${up} `) || line.startsWith(`# HELP ${up} `) || line.startsWith(`# TYPE ${up} `)
  const kept = previous.split('\n').filter((line) => line !== '' && !isUp(line))
  return `${[...kept, ...fault.split('\n').filter((line) => line !== '')].join('\n')}\n`
}

export class PublishError extends Error {}

/**
 * PUT replaces the job's whole group (a fresh reading); POST replaces only the families it sends,
 * which is how a fault sets `up 0` and keeps the last divergence.
 */
export async function publishPushgateway(url: string, job: DriftJobConfig, measurement: Measurement, at: number, timeoutMs: number): Promise<string> {
  const endpoint = `${url.replace(/\/+$/, '')}/metrics/job/${encodeURIComponent(job.name)}`
  const body = renderExposition(runSeries(measurement, at), job.labels)
  const method = measurement.status === 'failed' ? 'POST' : 'PUT'
  let response: Response
  try {
    response = await fetch(endpoint, {body, headers: {'Content-Type': 'text/plain; version=0.0.4'}, method, signal: AbortSignal.timeout(timeoutMs)})
  } catch (error) {
    throw new PublishError(`cannot push to the Pushgateway at ${endpoint}: ${fetchFailure(error, timeoutMs)}`)
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => '')).trim().slice(0, 200)
    throw new PublishError(`the Pushgateway at ${endpoint} answered HTTP ${response.status} to ${method}: ${text || '(empty body)'}`)
  }
  return endpoint
}
