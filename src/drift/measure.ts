import {parseDuration} from '../schema/primitives.js'
import {assertSameBounds, type Distribution, total} from './distribution.js'
import {isDriftError} from './errors.js'
import type {DriftJobConfig, DriftSource} from './jobs-file.js'
import {histogramIncrease} from './prometheus-source.js'
import {samplesDistribution} from './samples-source.js'
import {readSnapshot, snapshotDistribution} from './snapshot.js'
import {divergences, type Divergences} from './statistics.js'

export interface MeasureOptions {
  /** Evaluation time, unix seconds: the end of the recent window. */
  at: number
  /** Overrides the Prometheus URL of the jobs file. */
  prometheusUrl?: string
  timeoutMs: number
}

export interface Window {
  from: number
  to: number
}

export type Measurement =
  | {status: 'measured'; recent: Distribution; baseline: Distribution; window: Window; baselineWindow: Window | null; result: Divergences}
  | {status: 'too-few-samples'; recent: Distribution | null; baseline: Distribution | null; window: Window; baselineWindow: Window | null; reason: string}
  | {status: 'failed'; error: string}

export const samplesIn = (d: Distribution | null) => (d === null ? 0 : total(d))

/** Reads the source's distribution over a window. */
export async function readWindow(source: DriftSource, window: Window, options: MeasureOptions): Promise<Distribution | null> {
  if (source.kind === 'prometheus-histogram') {
    const url = options.prometheusUrl ?? source.url
    return histogramIncrease({extraMatchers: source.extraMatchers, matchers: source.matchers, metric: source.metric, timeoutMs: options.timeoutMs, url}, window.to, window.to - window.from)
  }
  return samplesDistribution(source, source.timeField === undefined ? undefined : window)
}

/**
 * One run of a drift job: the recent window ending at `at`, the baseline (the window before it, or
 * the frozen snapshot), and the divergences when both hold enough samples. Every fault comes back
 * as `failed` with a message that names what could not be read.
 */
export async function measureJob(job: DriftJobConfig, options: MeasureOptions): Promise<Measurement> {
  try {
    const windowSeconds = parseDuration(job.window)!
    const window = {from: options.at - windowSeconds, to: options.at}
    const recent = await readWindow(job.source, window, options)
    let baseline: Distribution | null
    let baselineWindow: Window | null = null
    if (job.baseline.kind === 'window') {
      baselineWindow = {from: window.from - parseDuration(job.baseline.duration)!, to: window.from}
      baseline = await readWindow(job.source, baselineWindow, options)
    } else {
      baseline = snapshotDistribution(await readSnapshot(job.baseline.file))
    }
    const few = [
      samplesIn(recent) < job.minSamples ? `${round(samplesIn(recent))} samples in the recent window` : null,
      samplesIn(baseline) < job.minSamples ? `${round(samplesIn(baseline))} samples in the baseline` : null,
    ].filter((x) => x !== null)
    if (few.length > 0 || recent === null || baseline === null) {
      return {baseline, baselineWindow, reason: `${few.join(' and ')}, fewer than the ${job.minSamples} a divergence needs`, recent, status: 'too-few-samples', window}
    }
    assertSameBounds(baseline, recent, job.name)
    return {baseline, baselineWindow, recent, result: divergences(baseline.counts, recent.counts), status: 'measured', window}
  } catch (error) {
    if (isDriftError(error)) return {error: error.message, status: 'failed'}
    throw error
  }
}

/** Sample counts from increase() are extrapolated fractions; three decimals are plenty for people. */
export const round = (n: number) => Math.round(n * 1000) / 1000
