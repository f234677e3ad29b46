/**
 * A distribution as per-bin counts over Prometheus-style buckets: bin i holds the observations v
 * with le[i-1] < v ≤ le[i], the last bin's bound is "+Inf". Bounds stay strings as Prometheus
 * writes them in `le` (JSON has no Infinity), and are compared as numbers.
 */
import {DriftInputError} from './errors.js'

export interface Distribution {
  le: string[]
  counts: number[]
}

export const INF = '+Inf'

const boundValue = (le: string) => (le === INF ? Number.POSITIVE_INFINITY : Number(le))

export function total(distribution: Distribution): number {
  return distribution.counts.reduce((a, b) => a + b, 0)
}

/** Bucket bounds as `le` strings, with the +Inf bucket added when missing. */
export function bucketBounds(upperBounds: readonly number[]): string[] {
  const sorted = [...new Set(upperBounds)].sort((a, b) => a - b).map(String)
  return [...sorted, INF]
}

/**
 * Per-bin counts from cumulative bucket values (a histogram's `_bucket` series, or their increases).
 * `increase()` extrapolates each bucket on its own, so a higher bucket can come out a hair below a
 * lower one; such a negative bin is rounding, not data, and counts as 0.
 */
export function fromCumulative(buckets: readonly {le: string; value: number}[], what: string): Distribution {
  const sorted = [...buckets].sort((a, b) => boundValue(a.le) - boundValue(b.le))
  if (sorted.length === 0) throw new DriftInputError(`${what}: no histogram buckets`)
  if (sorted.some((b) => Number.isNaN(boundValue(b.le)) || !Number.isFinite(b.value))) {
    throw new DriftInputError(`${what}: bucket bounds and values must be numbers (got ${sorted.map((b) => `le="${b.le}" ${b.value}`).join(', ')})`)
  }
  if (sorted.at(-1)!.le !== INF) throw new DriftInputError(`${what}: the histogram has no le="+Inf" bucket`)
  const counts = sorted.map((b, i) => Math.max(0, b.value - (i === 0 ? 0 : sorted[i - 1]!.value)))
  return {counts, le: sorted.map((b) => normaliseBound(b.le))}
}

/** "1.0" and "1" are the same bound; Prometheus 3 writes le="1.0" where 2.x wrote le="1". */
function normaliseBound(le: string): string {
  return le === INF ? INF : String(Number(le))
}

/** Bins observations into the given bounds, upper bound inclusive as in Prometheus histograms. */
export function binSamples(values: readonly number[], le: readonly string[]): Distribution {
  const bounds = le.map(boundValue)
  const counts = bounds.map(() => 0)
  for (const v of values) {
    const i = bounds.findIndex((bound) => v <= bound)
    counts[i === -1 ? counts.length - 1 : i]!++
  }
  return {counts, le: [...le]}
}

/** Divergences compare bin by bin, so both sides must have the very same bins. */
export function assertSameBounds(baseline: Distribution, recent: Distribution, job: string): void {
  const same = baseline.le.length === recent.le.length && baseline.le.every((le, i) => boundValue(le) === boundValue(recent.le[i]!))
  if (!same) {
    throw new DriftInputError(
      `drift job "${job}": the baseline and the recent window have different bucket boundaries (baseline le=[${baseline.le.join(', ')}], recent le=[${recent.le.join(', ')}]); ` +
        'capture a new baseline with `inferwatch drift baseline` after the histogram buckets change',
    )
  }
}
