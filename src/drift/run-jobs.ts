import {parseDuration} from '../schema/primitives.js'
import {total} from './distribution.js'
import {DriftInputError} from './errors.js'
import {readJobsFile, selectJobs, type DriftJobConfig} from './jobs-file.js'
import {measureJob, readWindow, round, samplesIn, type Measurement} from './measure.js'
import {PublishError, publishPushgateway, publishTextfile} from './publish.js'
import {SNAPSHOT_FORMAT, writeSnapshot, type BaselineSnapshot} from './snapshot.js'

export type PublishTarget = {kind: 'textfile'; dir: string} | {kind: 'pushgateway'; url: string}

export interface RunOptions {
  jobsFile: string
  job?: string
  target: PublishTarget
  prometheusUrl?: string
  at: number
  timeoutMs: number
}

export interface JobReport {
  job: string
  labels: Record<string, string>
  status: Measurement['status']
  /** What went wrong (failed), or why there is no divergence (too-few-samples). */
  message?: string
  kl?: number
  psi?: number
  js?: number
  samples?: {recent: number; baseline: number}
  window?: {from: string; to: string}
  baselineWindow?: {from: string; to: string} | null
  /** The smoothed probabilities the divergences were computed from, for checking with scipy. */
  probabilities?: {le: string[]; baseline: number[]; recent: number[]}
  publishedTo?: string
  publishError?: string
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

/** Measures and publishes every selected job; a failing job does not stop the others. */
export async function runDriftJobs(options: RunOptions): Promise<JobReport[]> {
  const jobs = selectJobs(await readJobsFile(options.jobsFile), options.jobsFile, options.job)
  const reports: JobReport[] = []
  for (const job of jobs) {
    const measurement = await measureJob(job, options)
    const report = describe(job, measurement)
    try {
      report.publishedTo =
        options.target.kind === 'textfile'
          ? await publishTextfile(options.target.dir, job, measurement, options.at)
          : await publishPushgateway(options.target.url, job, measurement, options.at, options.timeoutMs)
    } catch (error) {
      if (!(error instanceof PublishError) && !(error as NodeJS.ErrnoException).code) throw error
      report.publishError = error instanceof PublishError ? error.message : `cannot write ${(error as NodeJS.ErrnoException).path ?? options.target.kind}: ${(error as NodeJS.ErrnoException).code}`
    }
    reports.push(report)
  }
  return reports
}

function describe(job: DriftJobConfig, m: Measurement): JobReport {
  const report: JobReport = {job: job.name, labels: job.labels, status: m.status}
  if (m.status === 'failed') return {...report, message: m.error}
  report.samples = {baseline: round(samplesIn(m.baseline)), recent: round(samplesIn(m.recent))}
  report.window = {from: iso(m.window.from), to: iso(m.window.to)}
  report.baselineWindow = m.baselineWindow && {from: iso(m.baselineWindow.from), to: iso(m.baselineWindow.to)}
  if (m.status === 'too-few-samples') return {...report, message: m.reason}
  const keptLe = m.recent.le.filter((_, i) => m.recent.counts[i]! > 0 || m.baseline.counts[i]! > 0)
  return {...report, js: m.result.js, kl: m.result.kl, probabilities: {baseline: m.result.baseline, le: keptLe, recent: m.result.recent}, psi: m.result.psi}
}

/** A job failed when it could not be measured or not be published. */
export const failed = (r: JobReport) => r.status === 'failed' || r.publishError !== undefined

export function formatReport(r: JobReport): string {
  const where = r.publishedTo ? ` → ${r.publishedTo}` : ''
  const publish = r.publishError ? `\n  ${r.publishError}` : ''
  if (r.status === 'failed') return `${r.job}: failed: ${r.message} (published inferwatch_drift_up 0, the last divergence left as it was)${where}${publish}`
  const samples = `${r.samples!.recent} recent / ${r.samples!.baseline} baseline samples`
  if (r.status === 'too-few-samples') return `${r.job}: no divergence: ${r.message} (published inferwatch_drift_up 0)${where}${publish}`
  return `${r.job}: KL ${r.kl!.toFixed(4)}, PSI ${r.psi!.toFixed(4)}, JS ${r.js!.toFixed(4)} over ${samples}${where}${publish}`
}

export interface BaselineOptions {
  jobsFile: string
  job: string
  out?: string
  window?: string
  prometheusUrl?: string
  at: number
  timeoutMs: number
}

/**
 * Captures the job's distribution over a window ending now (by default the job's baseline window
 * length, else 7d) as a frozen baseline snapshot. Written to `--out`, or to the job's snapshot file.
 */
export async function captureBaseline(options: BaselineOptions): Promise<{file: string; snapshot: BaselineSnapshot}> {
  const [job] = selectJobs(await readJobsFile(options.jobsFile), options.jobsFile, options.job) as [DriftJobConfig]
  const file = options.out ?? (job.baseline.kind === 'snapshot' ? job.baseline.file : undefined)
  if (file === undefined) throw new DriftInputError(`drift job "${job.name}" compares against a window, not a snapshot file: pass --out FILE (and set the job's baseline to that file to use it)`)
  const length = options.window ?? (job.baseline.kind === 'window' ? job.baseline.duration : '7d')
  const seconds = parseDuration(length)
  if (seconds === undefined || seconds <= 0) throw new DriftInputError(`--window ${length}: must be a Prometheus duration such as 1h or 7d`)
  const window = {from: options.at - seconds, to: options.at}
  const distribution = await readWindow(job.source, window, options)
  if (distribution === null || total(distribution) < job.minSamples) {
    throw new DriftInputError(`drift job "${job.name}": ${round(distribution === null ? 0 : total(distribution))} samples between ${iso(window.from)} and ${iso(window.to)}, fewer than the ${job.minSamples} a baseline needs`)
  }
  const source = job.source.kind === 'prometheus-histogram' && options.prometheusUrl ? {...job.source, url: options.prometheusUrl} : job.source
  const snapshot: BaselineSnapshot = {
    counts: distribution.counts,
    format: SNAPSHOT_FORMAT,
    from: iso(window.from),
    job: job.name,
    le: distribution.le,
    ...(job.model === undefined ? {} : {model: job.model}),
    ...(job.modelVersion === undefined ? {} : {modelVersion: job.modelVersion}),
    samples: round(total(distribution)),
    server: job.server,
    source,
    to: iso(window.to),
  }
  await writeSnapshot(file, snapshot)
  return {file, snapshot}
}
