import {children, groupingLabels, matches, mustParsePromql, selectorInfo, textOf, unquote, type PromqlNode} from './promql.js'

/**
 * Predicts the label sets an expression returns for a set of input series, following PromQL's
 * label rules (aggregation by/without, histogram_quantile dropping `le`, vector matching with
 * on/ignoring/group_left, and/or/unless). Values are not evaluated: the unit tests ask for the
 * case where every input crosses the threshold, and promtool checks the values for real. This is
 * what lets every generated test state its alerts' exact labels.
 */
export type Labels = Record<string, string>
type Result = {scalar: true} | {scalar: false; series: Labels[]}

export class UnsupportedPromqlError extends Error {}

export interface LabelContext {
  series: readonly Labels[]
  /** Recording rule name → the expressions that record it (one per runtime or hardware). */
  recording: ReadonlyMap<string, readonly string[]>
}

export function outputLabels(expr: string, context: LabelContext): Labels[] {
  const parsed = mustParsePromql(expr)
  const result = evaluate(parsed.root, parsed.text, context)
  if (result.scalar) throw new UnsupportedPromqlError(`expression returns a scalar, not alerts: ${expr}`)
  return dedupe(result.series.map((labels) => without(labels, ['__name__'])))
}

const SCALAR: Result = {scalar: true}
const vector = (series: Labels[]): Result => ({scalar: false, series: dedupe(series)})

const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2'])
const COMPARISON = new Set(['Eql', 'Neq', 'Lss', 'Gtr', 'Lte', 'Gte'])
const SET_OPS = new Set(['And', 'Or', 'Unless'])
const SCALAR_FUNCTIONS = new Set(['Time', 'Pi', 'Scalar'])
const KEEP_NAME_FUNCTIONS = new Set(['Sort', 'SortDesc', 'LastOverTime'])

function evaluate(node: PromqlNode, text: string, context: LabelContext): Result {
  const parts = children(node)
  switch (node.name) {
    case 'ParenExpr':
    case 'MatrixSelector':
    case 'SubqueryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
      return evaluate(parts[0]!, text, context)
    case 'NumberDurationLiteral':
    case 'NumberLiteral':
    case 'StringLiteral':
      return SCALAR
    case 'UnaryExpr': {
      const inner = evaluate(parts.at(-1)!, text, context)
      return inner.scalar ? inner : vector(inner.series.map((l) => without(l, ['__name__'])))
    }
    case 'VectorSelector':
      return vector(select(node, text, context))
    case 'FunctionCall':
      return functionCall(node, text, context)
    case 'AggregateExpr':
      return aggregate(node, text, context)
    case 'BinaryExpr':
      return binary(node, text, context)
    default:
      throw new UnsupportedPromqlError(`cannot predict labels for ${node.name}: ${textOf(text, node)}`)
  }
}

/** Input series by metric name: an absent() per drift job reads one name hundreds of times. */
const byName = new WeakMap<readonly Labels[], Map<string, Labels[]>>()
function seriesNamed(series: readonly Labels[], name: string): Labels[] {
  let index = byName.get(series)
  if (!index) {
    index = new Map()
    for (const labels of series) {
      const list = index.get(labels.__name__ ?? '')
      if (list) list.push(labels)
      else index.set(labels.__name__ ?? '', [labels])
    }
    byName.set(series, index)
  }
  return index.get(name) ?? []
}

function select(node: PromqlNode, text: string, context: LabelContext): Labels[] {
  const {name, matchers} = selectorInfo({root: node, text}, node)
  const recorded = context.recording.get(name)
  const candidates = recorded
    ? recorded.flatMap((expr) => outputLabels(expr, context).map((labels) => ({...labels, __name__: name})))
    : seriesNamed(context.series, name)
  return candidates.filter((labels) => matchers.every((m) => matches(labels, m)))
}

function functionCall(node: PromqlNode, text: string, context: LabelContext): Result {
  const [identifier, body] = children(node)
  const fn = children(identifier!)[0]!.name
  const args = children(body!)
  if (SCALAR_FUNCTIONS.has(fn)) return SCALAR
  if (fn === 'Vector') return vector([{}])
  if (fn === 'HistogramQuantile') return mapSeries(evaluate(args[1]!, text, context), (l) => without(l, ['__name__', 'le']))
  if (fn === 'LabelReplace') {
    const [dst, replacement, src, regex] = args.slice(1).map((a) => unquote(textOf(text, a)))
    return mapSeries(evaluate(args[0]!, text, context), (l) => labelReplace(l, dst!, replacement!, src!, regex!))
  }
  if (fn === 'Absent' || fn === 'AbsentOverTime') return absent(args[0]!, text, context)
  if (fn === 'CountValues' || fn === 'LabelJoin') throw new UnsupportedPromqlError(`cannot predict labels for ${textOf(text, node)}`)
  const input = args.map((a) => evaluate(a, text, context)).find((r) => !r.scalar)
  if (!input) return SCALAR
  return KEEP_NAME_FUNCTIONS.has(fn) ? input : mapSeries(input, (l) => without(l, ['__name__']))
}

/**
 * Nothing while the argument has series; otherwise one series labelled with the selector's
 * equality matchers, as Prometheus' createLabelsForAbsentFunction does (a label matched again
 * after its equality matcher is dropped; a non-selector argument gives no labels).
 */
function absent(arg: PromqlNode, text: string, context: LabelContext): Result {
  const input = evaluate(arg, text, context)
  if (input.scalar) throw new UnsupportedPromqlError(`absent() of a scalar: ${textOf(text, arg)}`)
  if (input.series.length > 0) return vector([])
  const selector = arg.name === 'MatrixSelector' ? children(arg)[0] : arg
  if (selector?.name !== 'VectorSelector') return vector([{}])
  const labels: Labels = {}
  const seen = new Set<string>()
  for (const matcher of selectorInfo({root: selector, text}, selector).matchers) {
    if (matcher.label === '__name__') continue
    if (matcher.op === '=' && !seen.has(matcher.label)) {
      labels[matcher.label] = matcher.value
      seen.add(matcher.label)
    } else delete labels[matcher.label]
  }
  return vector([labels])
}

function labelReplace(labels: Labels, dst: string, replacement: string, src: string, regex: string): Labels {
  const match = new RegExp(`^(?:${regex})$`).exec(labels[src] ?? '')
  if (!match) return labels
  const value = replacement.replace(/\$\{?(\d+)\}?/g, (_, i: string) => match[Number(i)] ?? '')
  const out = {...labels}
  if (value === '') delete out[dst]
  else out[dst] = value
  return out
}

function aggregate(node: PromqlNode, text: string, context: LabelContext): Result {
  const parts = children(node)
  const op = children(parts.find((p) => p.name === 'AggregateOp')!)[0]!.name
  const modifier = parts.find((p) => p.name === 'AggregateModifier')
  const args = children(parts.find((p) => p.name === 'FunctionCallBody')!)
  const input = evaluate(args.at(-1)!, text, context)
  if (input.scalar) throw new UnsupportedPromqlError(`aggregation over a scalar: ${textOf(text, node)}`)
  if (op === 'Topk' || op === 'Bottomk' || op === 'LimitK' || op === 'LimitRatio') return input
  if (op === 'CountValues') throw new UnsupportedPromqlError(`cannot predict labels for ${textOf(text, node)}`)
  const grouping = modifier ? groupingLabels(modifier, text) : {labels: [], mode: 'by' as const}
  return vector(
    input.series.map((l) => (grouping.mode === 'by' ? pick(l, grouping.labels) : without(l, [...grouping.labels, '__name__']))),
  )
}

function binary(node: PromqlNode, text: string, context: LabelContext): Result {
  const parts = children(node)
  const lhs = evaluate(parts[0]!, text, context)
  const rhs = evaluate(parts.at(-1)!, text, context)
  const op = parts[1]!.name
  const returnBool = parts.some((p) => p.name === 'BoolModifier')
  const dropName = ARITHMETIC.has(op) || returnBool
  if (lhs.scalar && rhs.scalar) return SCALAR
  if (lhs.scalar || rhs.scalar) {
    const side = (lhs.scalar ? rhs : lhs) as Extract<Result, {scalar: false}>
    return dropName ? mapSeries(side, (l) => without(l, ['__name__'])) : side
  }
  if (!COMPARISON.has(op) && !ARITHMETIC.has(op) && !SET_OPS.has(op)) throw new UnsupportedPromqlError(`unknown operator ${op}`)
  const matching = vectorMatching(parts.find((p) => p.name === 'MatchingModifierClause'), text)
  const signature = (l: Labels) => JSON.stringify(matching.on ? pick(l, matching.labels) : without(l, [...matching.labels, '__name__']))
  const rightSignatures = new Set(rhs.series.map(signature))
  if (op === 'And') return vector(lhs.series.filter((l) => rightSignatures.has(signature(l))))
  if (op === 'Unless') return vector(lhs.series.filter((l) => !rightSignatures.has(signature(l))))
  if (op === 'Or') {
    const leftSignatures = new Set(lhs.series.map(signature))
    return vector([...lhs.series, ...rhs.series.filter((l) => !leftSignatures.has(signature(l)))])
  }
  const [many, one] = matching.card === 'group_right' ? [rhs.series, lhs.series] : [lhs.series, rhs.series]
  const out: Labels[] = []
  for (const labels of many) {
    const partner = one.find((l) => signature(l) === signature(labels))
    if (!partner) continue
    let result = dropName ? without(labels, ['__name__']) : {...labels}
    if (matching.card === 'one_to_one') result = matching.on ? pick(result, matching.labels) : without(result, matching.labels)
    for (const include of matching.include) {
      if (partner[include] !== undefined) result[include] = partner[include]
      else delete result[include]
    }
    out.push(result)
  }
  return vector(out)
}

function vectorMatching(clause: PromqlNode | undefined, text: string) {
  const none = {card: 'one_to_one' as 'one_to_one' | 'group_left' | 'group_right', include: [] as string[], labels: [] as string[], on: false}
  if (!clause) return none
  const parts = children(clause)
  const lists = parts.filter((p) => p.name === 'GroupingLabels').map((list) => children(list).map((l) => textOf(text, l)))
  const group = parts.find((p) => p.name === 'GroupLeft' || p.name === 'GroupRight')
  return {
    card: group ? (group.name === 'GroupLeft' ? 'group_left' : 'group_right') : 'one_to_one',
    include: group ? (lists[1] ?? []) : [],
    labels: lists[0] ?? [],
    on: parts.some((p) => p.name === 'On'),
  } as typeof none
}

function mapSeries(result: Result, fn: (labels: Labels) => Labels): Result {
  return result.scalar ? result : vector(result.series.map(fn))
}

function pick(labels: Labels, keep: readonly string[]): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => keep.includes(k)))
}

function without(labels: Labels, drop: readonly string[]): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !drop.includes(k)))
}

function dedupe(series: Labels[]): Labels[] {
  const seen = new Map<string, Labels>()
  for (const labels of series) {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (!seen.has(key)) seen.set(key, labels)
  }
  return [...seen.values()]
}
