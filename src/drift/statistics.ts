/**
 * Divergences between a baseline and a recent distribution over the same bins, in nats.
 *
 * Direction as the seeds write it: KL(baseline ‖ recent) = Σ pᵢ ln(pᵢ / qᵢ), p the baseline and q
 * the recent distribution. It is what `scipy.stats.entropy(p, q)` computes: scipy normalises p and q
 * to sum 1 and uses the natural logarithm, as this module does.
 */

/** Added to every bin's probability when a bin is empty in one distribution only; see `smooth`. */
export const EPSILON = 1e-6

export interface Divergences {
  kl: number
  psi: number
  js: number
  /** The probabilities the measures were computed from, after dropping and smoothing: feed them to scipy to compare. */
  baseline: number[]
  recent: number[]
}

export function normalise(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0)
  return counts.map((c) => c / total)
}

/** scipy.special.rel_entr: p ln(p/q), 0 when p is 0. */
const relEntr = (p: number, q: number) => (p === 0 ? 0 : p * Math.log(p / q))

/** KL(p ‖ q) of two probability vectors; Infinity where q is 0 and p is not (as scipy returns). */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < p.length; i++) sum += relEntr(p[i]!, q[i]!)
  return sum
}

/** Population stability index: Σ (qᵢ − pᵢ) ln(qᵢ / pᵢ) = KL(p ‖ q) + KL(q ‖ p). */
export function populationStabilityIndex(p: readonly number[], q: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < p.length; i++) sum += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!)
  return sum
}

/**
 * Jensen–Shannon divergence ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2, in nats (at most ln 2):
 * the square of `scipy.spatial.distance.jensenshannon(p, q)`, which returns the distance.
 */
export function jensenShannonDivergence(p: readonly number[], q: readonly number[]): number {
  const m = p.map((pi, i) => (pi + q[i]!) / 2)
  return (klDivergence(p, m) + klDivergence(q, m)) / 2
}

/**
 * Makes two count vectors comparable without infinities: bins empty in both carry no information
 * and are dropped; if a bin is then still empty in one of them, every bin of both gets EPSILON added
 * to its probability and each is renormalised, pᵢ' = (pᵢ + ε) / (1 + kε) for k bins. Without an
 * empty bin nothing changes, so the result equals scipy's on the raw counts.
 */
export function smooth(baselineCounts: readonly number[], recentCounts: readonly number[]): {baseline: number[]; recent: number[]} {
  const keep = baselineCounts.map((b, i) => b > 0 || recentCounts[i]! > 0)
  const p = normalise(baselineCounts.filter((_, i) => keep[i]))
  const q = normalise(recentCounts.filter((_, i) => keep[i]))
  if (!p.includes(0) && !q.includes(0)) return {baseline: p, recent: q}
  const k = p.length
  const add = (v: number[]) => v.map((x) => (x + EPSILON) / (1 + k * EPSILON))
  return {baseline: add(p), recent: add(q)}
}

/** All three measures from per-bin counts (neither may be all zero; the caller checks sample counts first). */
export function divergences(baselineCounts: readonly number[], recentCounts: readonly number[]): Divergences {
  if (baselineCounts.length !== recentCounts.length) throw new Error('distributions over different numbers of bins')
  const {baseline, recent} = smooth(baselineCounts, recentCounts)
  return {
    baseline,
    js: jensenShannonDivergence(baseline, recent),
    kl: klDivergence(baseline, recent),
    psi: populationStabilityIndex(baseline, recent),
    recent,
  }
}
