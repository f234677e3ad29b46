/**
 * `a + b` of instant vectors with the same labels, where either may be missing: a counter with
 * labels appears only once first counted (vLLM's first HTTP 5xx), and a plain `a + b` is empty
 * while either side is. Each part falls back to 0 where only the others exist.
 */
export function sumPresent(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!
  const filled = parts.map((part, i) => `(${part} or 0 * (${parts.filter((_, j) => j !== i).join(' or ')}))`)
  return `(${filled.join(' + ')})`
}
