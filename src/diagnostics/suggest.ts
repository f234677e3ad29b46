/** Damerau-free Levenshtein distance; inputs are short identifiers, so O(n·m) is fine. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase()
  // `apiUrl` → `apiUrlFile`: a prefix match is the likeliest intent, however long the rest is.
  const extended = candidates.find((c) => needle.length >= 3 && c.toLowerCase().startsWith(needle))
  if (extended) return extended
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3))
  return bestDistance <= limit ? best : undefined
}

export function didYouMean(input: unknown, candidates: readonly string[]): string {
  if (typeof input !== 'string') return ''
  const match = closest(input, candidates)
  return match ? ` (did you mean "${match}"?)` : ''
}
