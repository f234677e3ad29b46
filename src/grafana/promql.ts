import {parser} from '@prometheus-io/lezer-promql'
import {unionOfParts} from '../promql/union-of-parts.js'

/**
 * Small, string-level PromQL helpers for dashboard queries. Catalog expressions are rewritten with
 * Prometheus's own grammar (not regexes), so a selector inside a catalog `expr` gets the
 * dashboard's label matchers and every range becomes Grafana's `$__rate_interval`.
 */

/** Grafana's range for rate()/increase(): at least four scrape intervals, so a panel never shows gaps. */
export const RATE_INTERVAL = '$__rate_interval'

export interface Matcher {
  label: string
  op: '=' | '!=' | '=~' | '!~'
  value: string
}

export const eq = (label: string, value: string): Matcher => ({label, op: '=', value})
export const re = (label: string, value: string): Matcher => ({label, op: '=~', value})

/** A regex that matches exactly these values (anchored by PromQL), escaping regex metacharacters. */
export function anyOf(values: readonly string[]): string {
  return [...values].sort().map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
}

function renderMatcher(m: Matcher): string {
  return `${m.label}${m.op}${JSON.stringify(m.value)}`
}

interface Edit {
  from: number
  to: number
  text: string
}

/**
 * Adds `matchers` to every vector selector of `expr` and sets every range (`[5m]`) to
 * `$__rate_interval`. Subquery and offset durations are left alone: catalog expressions have none.
 */
export function scopeExpression(expr: string, matchers: readonly Matcher[]): string {
  const extra = matchers.map(renderMatcher).join(', ')
  const edits: Edit[] = []
  const cursor = parser.parse(expr).cursor()
  do {
    if (cursor.name === 'VectorSelector' && extra !== '') edits.push(selectorEdit(expr, cursor.node, extra))
    if (cursor.name === 'MatrixSelector') {
      const range = cursor.node.getChild('DurationExpr') ?? cursor.node.getChild('NumberDurationLiteralInDurationContext')
      if (range) edits.push({from: range.from, text: RATE_INTERVAL, to: range.to})
    }
  } while (cursor.next())
  return applyEdits(expr, edits)
}

type SyntaxNode = ReturnType<ReturnType<typeof parser.parse>['cursor']>['node']

function selectorEdit(expr: string, node: SyntaxNode, extra: string): Edit {
  const braces = node.getChild('LabelMatchers')
  if (!braces) return {from: node.to, text: `{${extra}}`, to: node.to}
  const inner = expr.slice(braces.from + 1, braces.to - 1).trim().replace(/,$/, '')
  return {from: braces.from, text: inner === '' ? `{${extra}}` : `{${inner}, ${extra}}`, to: braces.to}
}

function applyEdits(expr: string, edits: Edit[]): string {
  let out = expr
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to)
  return out
}

export type Aggregation = 'sum' | 'avg' | 'max' | 'min'

export function aggregate(op: Aggregation, by: readonly string[], expr: string): string {
  return by.length === 0 ? `${op}(${expr})` : `${op} by (${by.join(', ')}) (${expr})`
}

/** `rate()` of one selector, ranged over `$__rate_interval`. */
export function rate(selector: string, matchers: readonly Matcher[]): string {
  return `rate(${scopeExpression(selector, matchers)}[${RATE_INTERVAL}])`
}

/** Per-second rate of the sum of several counters (e.g. Triton success + failure = all requests). */
export function summedRate(series: readonly string[], matchers: readonly Matcher[], by: readonly string[]): string {
  return aggregate('sum', by, unionOfParts(series.map((s) => rate(s, matchers))))
}

export function histogramQuantile(quantile: number, bucketSelector: string, matchers: readonly Matcher[], by: readonly string[]): string {
  return `histogram_quantile(${quantile}, ${aggregate('sum', ['le', ...by], rate(bucketSelector, matchers))})`
}
