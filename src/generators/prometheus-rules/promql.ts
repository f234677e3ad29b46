import {parser} from '@prometheus-io/lezer-promql'

import {parseDuration} from '../../schema/primitives.js'

/**
 * PromQL as a syntax tree (lezer-promql, the parser Prometheus' own UI uses), so matchers are
 * injected and metric names read structurally, never with regular expressions over query text.
 */
export type PromqlNode = ReturnType<typeof parser.parse>['topNode']

export type MatchOp = '=' | '!=' | '=~' | '!~'
export interface LabelMatcher {
  label: string
  op: MatchOp
  value: string
}

export interface VectorSelectorInfo {
  /** Metric name, or '' when the selector has none (`{__name__=~"..."}`). */
  name: string
  matchers: LabelMatcher[]
  node: PromqlNode
}

export type ParsedPromql = {ok: true; root: PromqlNode; text: string} | {ok: false; error: string}

export function parsePromql(text: string): ParsedPromql {
  const tree = parser.parse(text)
  let error: string | undefined
  tree.iterate({
    enter(node) {
      if (error === undefined && node.type.isError) error = `syntax error at character ${node.from + 1}: ${JSON.stringify(text.slice(node.from, node.from + 20) || '<end>')}`
      return error === undefined
    },
  })
  const root = tree.topNode.firstChild
  if (error !== undefined) return {error, ok: false}
  if (!root) return {error: 'empty expression', ok: false}
  return {ok: true, root, text}
}

/** Syntax trees by text (they are immutable): the same catalog and recording expressions are read for every entity. */
const parsedByText = new Map<string, {root: PromqlNode; text: string}>()

/** Like parsePromql, for expressions inferwatch itself produced: a failure is a bug, so it throws. */
export function mustParsePromql(text: string): {root: PromqlNode; text: string} {
  const cached = parsedByText.get(text)
  if (cached) return cached
  const parsed = parsePromql(text)
  if (!parsed.ok) throw new Error(`invalid PromQL (${parsed.error}): ${text}`)
  parsedByText.set(text, parsed)
  return parsed
}

export const children = (node: PromqlNode): PromqlNode[] => {
  const out: PromqlNode[] = []
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child)
  return out
}

export const textOf = (text: string, node: PromqlNode): string => text.slice(node.from, node.to)

/** Go-style string literal → value ("..." with escapes, '...', or `raw`). */
export function unquote(literal: string): string {
  const quote = literal[0]
  const body = literal.slice(1, -1)
  if (quote === '`') return body
  if (quote === "'") return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string
  return JSON.parse(literal) as string
}

/** PromQL string literal for a value. */
export const quote = (value: string): string => JSON.stringify(value)

function matchersOf(text: string, selector: PromqlNode): LabelMatcher[] {
  const list = children(selector).find((c) => c.name === 'LabelMatchers')
  if (!list) return []
  return children(list)
    .filter((m) => m.name === 'UnquotedLabelMatcher' || m.name === 'QuotedLabelMatcher')
    .map((m) => {
      const parts = children(m)
      const nameNode = parts.find((p) => p.name === 'LabelName' || p.name === 'QuotedLabelName')!
      const rawName = textOf(text, nameNode)
      return {
        label: nameNode.name === 'QuotedLabelName' ? unquote(rawName) : rawName,
        op: textOf(text, parts.find((p) => p.name === 'MatchOp')!) as MatchOp,
        value: unquote(textOf(text, parts.find((p) => p.name === 'StringLiteral')!)),
      }
    })
}

/** The vector selectors at or below `parsed.root` (only there: a cursor's next() walks on past its node). */
export function vectorSelectors(parsed: {root: PromqlNode; text: string}): VectorSelectorInfo[] {
  const found: VectorSelectorInfo[] = []
  const cursor = parsed.root.cursor()
  const end = parsed.root.to
  do {
    // Pre-order: the first node after the root's subtree starts at or past its end.
    if (cursor.from >= end) break
    if (cursor.name !== 'VectorSelector') continue
    const node = cursor.node
    const identifier = children(node).find((c) => c.name === 'Identifier')
    const matchers = matchersOf(parsed.text, node)
    const nameMatcher = matchers.find((m) => m.label === '__name__' && m.op === '=')
    found.push({
      matchers: matchers.filter((m) => m !== nameMatcher),
      name: identifier ? textOf(parsed.text, identifier) : (nameMatcher?.value ?? ''),
      node,
    })
  } while (cursor.next())
  return found
}

/**
 * The first vector selector at or below `node`. Cached by text and position: the unit tests predict
 * labels for the same expressions many times (an absent() per drift job, for every case), and the
 * tree hands out new node objects on every walk.
 */
export function selectorInfo(parsed: {root: PromqlNode; text: string}, node: PromqlNode): VectorSelectorInfo {
  let byPosition = selectorsByText.get(parsed.text)
  if (!byPosition) selectorsByText.set(parsed.text, (byPosition = new Map()))
  const key = node.from * 0x1_00_00_00 + node.to
  let info = byPosition.get(key)
  if (!info) byPosition.set(key, (info = vectorSelectors({root: node, text: parsed.text})[0]!))
  return info
}
const selectorsByText = new Map<string, Map<number, VectorSelectorInfo>>()

/** Injections by expression and matcher: every entity of a variant asks for the same one. */
const injected = new Map<string, string>()

/** Adds `matcherText` (e.g. `node=~"a|b"`) to every vector selector of `expr`. */
export function injectMatchers(expr: string, matcherText: string): string {
  if (matcherText === '') return expr
  const key = `${expr}\u0000${matcherText}`
  let out = injected.get(key)
  if (out === undefined) injected.set(key, (out = inject(expr, matcherText)))
  return out
}

function inject(expr: string, matcherText: string): string {
  const parsed = mustParsePromql(expr)
  const edits: {at: number; insert: string}[] = []
  for (const selector of vectorSelectors(parsed)) {
    const list = children(selector.node).find((c) => c.name === 'LabelMatchers')
    if (!list) {
      edits.push({at: selector.node.to, insert: `{${matcherText}}`})
      continue
    }
    const inner = expr.slice(list.from + 1, list.to - 1).trim()
    const separator = inner === '' || inner.endsWith(',') ? '' : ','
    edits.push({at: list.to - 1, insert: `${separator}${matcherText}`})
  }
  let out = expr
  for (const edit of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, edit.at) + edit.insert + out.slice(edit.at)
  return out
}

/** The longest range (matrix selector or subquery) the expression reads, in seconds. */
export function maxRangeSeconds(parsed: {root: PromqlNode; text: string}): number {
  let longest = 0
  const cursor = parsed.root.cursor()
  do {
    if (cursor.name !== 'MatrixSelector' && cursor.name !== 'SubqueryExpr') continue
    const duration = children(cursor.node).find((c) => c.name === 'DurationExpr')
    const seconds = duration ? parseDuration(textOf(parsed.text, duration)) : undefined
    if (seconds !== undefined) longest = Math.max(longest, seconds)
  } while (cursor.next())
  return longest
}

/** `label="v"` for one value, `label=~"a|b"` for several (values regex-escaped). */
export function matcherFor(label: string, values: readonly string[]): string {
  const unique = [...new Set(values)].sort()
  if (unique.length === 1) return `${label}=${quote(unique[0]!)}`
  return `${label}=~${quote(unique.map(escapeRegex).join('|'))}`
}

export const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether a label set satisfies a matcher (RE2 and JavaScript agree on the patterns the catalog uses). */
export function matches(labels: Readonly<Record<string, string>>, matcher: LabelMatcher): boolean {
  const value = labels[matcher.label] ?? ''
  switch (matcher.op) {
    case '=':
      return value === matcher.value
    case '!=':
      return value !== matcher.value
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(value)
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(value)
  }
}

/**
 * The labels of an aggregation's `by (…)`/`without (…)` or a vector match's `on (…)`/`ignoring (…)`
 * (the first list: group_left's own list follows it), as `by` or `without`.
 */
export function groupingLabels(node: PromqlNode, text: string): {mode: 'by' | 'without'; labels: string[]} {
  const parts = children(node)
  const mode = parts.some((p) => p.name === 'Without' || p.name === 'Ignoring') ? 'without' : 'by'
  const list = parts.find((p) => p.name === 'GroupingLabels')
  const labels = list ? children(list).map((l) => (l.name === 'QuotedLabelName' ? unquote(textOf(text, l)) : textOf(text, l))) : []
  return {labels, mode}
}

/** Functions whose result for a union of series is not the union of their results. */
const JOINING_FUNCTIONS = new Set(['Absent', 'AbsentOverTime', 'Scalar', 'Vector'])

/**
 * Whether the expression over series of several values of `label` gives the union of what it gives
 * for each value alone: no aggregation or vector matching joins series across the label, no
 * label_replace() overwrites it and no absent(), vector() or scalar() summarises them. Read from
 * the syntax alone, so it says no to some expressions that would be fine (`sum(x) by (...)` of a
 * single value).
 */
export function separableBy(parsed: {root: PromqlNode; text: string}, label: string): boolean {
  const keeps = (node: PromqlNode) => {
    const {labels, mode} = groupingLabels(node, parsed.text)
    return mode === 'by' ? labels.includes(label) : !labels.includes(label)
  }
  const cursor = parsed.root.cursor()
  const end = parsed.root.to
  do {
    if (cursor.from >= end) break
    const node = cursor.node
    switch (node.name) {
      case 'AggregateExpr': {
        const modifier = children(node).find((c) => c.name === 'AggregateModifier')
        if (!modifier || !keeps(modifier)) return false
        break
      }
      case 'MatchingModifierClause':
        if (!keeps(node)) return false
        break
      case 'FunctionCall': {
        const fn = children(children(node)[0]!)[0]!.name
        if (JOINING_FUNCTIONS.has(fn)) return false
        if (fn === 'LabelReplace' || fn === 'LabelJoin') {
          const destination = children(children(node)[1]!)[1]
          if (!destination || unquote(textOf(parsed.text, destination)) === label) return false
        }
        break
      }
    }
  } while (cursor.next())
  return true
}
