import type {EmbeddedText} from '../embedded-text.js'

/**
 * Grafana replaces `$var`, `${var}`, `${var:fmt}` and `[[var]]` before the query reaches
 * Prometheus. To parse a dashboard query, each variable outside string literals is replaced by a
 * token of the same length that parses in its place: a duration inside `[…]`, an identifier
 * elsewhere. Same length keeps every index, so positions still map to the file unchanged.
 */
export interface GrafanaQuery {
  expr: EmbeddedText
  /** Start indexes of replaced variables. */
  variables: Set<number>
  original: string
}

const VARIABLE = /\$\{[^}]*\}|\$[A-Za-z_]\w*|\[\[[^\]]*\]\]/g

export function replaceGrafanaVariables(expr: EmbeddedText): GrafanaQuery {
  const original = expr.text
  const variables = new Set<number>()
  const strings = stringRanges(original)
  const text = original.replace(VARIABLE, (match, index: number) => {
    if (strings.some(([from, to]) => index > from && index < to)) return match
    variables.add(index)
    const before = original.slice(0, index).trimEnd()
    const inRange = before.endsWith('[') || (before.endsWith(':') && /\[[^\]]*$/.test(before))
    if (inRange) return match.length >= 2 ? `${'0'.repeat(match.length - 2)}1s` : match
    return match.replace(/\W/g, '_')
  })
  return {expr: {at: expr.at, text}, original, variables}
}

function stringRanges(text: string): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i < text.length; i++) {
    const quote = text[i]
    if (quote !== '"' && quote !== "'" && quote !== '`') continue
    let j = i + 1
    while (j < text.length && text[j] !== quote) j += text[j] === '\\' && quote !== '`' ? 2 : 1
    out.push([i, j])
    i = j
  }
  return out
}
