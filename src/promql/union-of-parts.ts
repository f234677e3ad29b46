/** The label that keeps the parts of a union apart (see unionOfParts); every sum over a union drops it. */
export const PART_LABEL = 'inferwatch_part'

/**
 * The parts of a sum where either may be missing (a counter with labels appears only once first
 * counted: vLLM's first HTTP 5xx), as one instant vector for `sum by (…)`: `a or b` keeps every
 * series of both, so the sum is over whichever parts exist, and each part is computed once (where
 * `(a or 0 * b) + (b or 0 * a)` computes each twice). Parts after the first get their own
 * PART_LABEL value first: `or` drops a right-hand series whose labels equal a left-hand one's, and
 * Triton's success and failure counters carry the same labels.
 */
export function unionOfParts(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!
  return parts.map((part, i) => (i === 0 ? part : `label_replace(${part}, "${PART_LABEL}", "${i}", "", "")`)).join(' or ')
}
