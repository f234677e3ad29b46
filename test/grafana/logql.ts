import {LOG_STREAM_LABELS} from '../../src/catalog/index.js'

/**
 * A structural LogQL check for the two shapes the logs dashboard generates: a log query
 * (`{selector} |~ "re"`) and a metric query (`sum by (l) (count_over_time(<log query> [range]))`).
 * No LogQL parser is a dependency; this checks what a parser would reject in those shapes: the
 * selector grammar, Loki's "at least one non-empty matcher" rule, filter syntax, regex validity.
 */
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/
const FILTER = /^\s*(\|=|\|~|!=|!~)\s*"((?:[^"\\]|\\.)*)"/
const METRIC = /^sum by \(([a-zA-Z_][a-zA-Z0-9_]*(?:, [a-zA-Z_][a-zA-Z0-9_]*)*)\) \(count_over_time\((.*) \[(\$__auto|\d+[smhd])\]\)\)$/

function regexOk(source: string): boolean {
  try {
    new RegExp(source.replace(/^\(\?i\)/, ''))
    return true
  } catch {
    return false
  }
}

export function checkLogQuery(expr: string): string[] {
  const errors: string[] = []
  const close = expr.indexOf('}')
  if (!expr.startsWith('{') || close < 0) return [`no stream selector: ${expr}`]
  const matchers = expr.slice(1, close).split(',').map((m) => MATCHER.exec(m))
  if (matchers.some((m) => m === null)) errors.push(`bad matcher in ${expr}`)
  const known = Object.values(LOG_STREAM_LABELS) as string[]
  for (const m of matchers) if (m && !known.includes(m[1]!)) errors.push(`label ${m[1]} is not a log stream label`)
  const nonEmpty = matchers.some((m) => m && (m[2] === '=' ? m[3] !== '' : m[2] === '=~' && !/^(\.\*|)$/.test(m[3]!)))
  if (!nonEmpty) errors.push(`Loki needs a matcher that cannot match empty: ${expr}`)
  let rest = expr.slice(close + 1)
  while (rest.trim() !== '') {
    const filter = FILTER.exec(rest)
    if (!filter) return [...errors, `bad pipeline stage: ${rest}`]
    if (filter[1]!.includes('~') && !regexOk(JSON.parse(`"${filter[2]}"`) as string)) errors.push(`bad regex ${filter[2]}`)
    rest = rest.slice(filter[0].length)
  }
  return errors
}

export function checkLogql(expr: string): string[] {
  const metric = METRIC.exec(expr)
  return metric ? checkLogQuery(metric[2]!) : checkLogQuery(expr)
}
