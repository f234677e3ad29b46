import type {SyntaxNode} from '@lezer/common'

import {closedNamespaceOf, judgeMetricName, knownMetricNames, METRICS, METRIC_LABELS, NODE_LABELS, SCRAPE_LABELS, type MetricFact} from '../../catalog/index.js'
import {closest} from '../../diagnostics/suggest.js'
import {AGGREGATION_PARAMETERS, COUNTER_FUNCTIONS, FUNCTIONS, RATE_LIKE_FUNCTIONS, type ValueType} from '../../promql/functions.js'
import type {LintFacts, Report} from '../context.js'
import type {EmbeddedText} from '../embedded-text.js'
import {checkSelectorMatchers, type Matcher} from './matchers.js'
import {children, durationMs, formatDuration, operands, parsePromqlTree, stringLiteralValue, unwrapParens} from './syntax-tree.js'

export interface PromqlSite {
  expr: EmbeddedText
  report: Report
  facts: LintFacts
  /** Text indexes that held a Grafana variable (replaced before parsing). */
  variables?: ReadonlySet<number>
  /** Original text before Grafana variables were replaced, for `$__rate_interval` checks. */
  original?: string
  /** Called with every metric name the expression selects. */
  onSelector?: (name: string | undefined, matchers: readonly Matcher[]) => void
}

const TYPE_NAMES: Record<ValueType, string> = {matrix: 'range vector', scalar: 'scalar', string: 'string', vector: 'instant vector'}
const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Gte', 'Lss', 'Lte'])
const SET_OPERATORS = new Set(['And', 'Or', 'Unless'])
const BINARY_OPERATORS = new Set(['Pow', 'Mul', 'Div', 'Mod', 'Add', 'Sub', 'Atan2', ...COMPARISONS, ...SET_OPERATORS])
/** The catalog's metric facts by name (looked up for every selector, so not a linear search). */
const FACTS = new Map<string, MetricFact>(METRICS.map((fact) => [fact.name, fact]))
const metricFact = (name: string) => FACTS.get(name)
const CONTRACT_LABELS = new Set<string>([...NODE_LABELS, 'server', 'model', 'stage', 'model_version', 'runtime', ...SCRAPE_LABELS])

/** Runs every PromQL check on one expression; findings go to `site.report` at file offsets. */
export function checkPromql(site: PromqlSite): void {
  const {text} = site.expr
  if (text.trim() === '') {
    site.report('promql/syntax', site.expr.at(0), 'empty PromQL expression')
    return
  }
  const tree = parsePromqlTree(text)
  if (reportSyntaxErrors(site, tree.topNode)) return
  const checker = new ExpressionChecker(site)
  const top = tree.topNode.firstChild
  if (top) checker.typeOf(top)
}

function reportSyntaxErrors(site: PromqlSite, top: SyntaxNode): boolean {
  const {text} = site.expr
  let first: SyntaxNode | undefined
  const unquoted: SyntaxNode[] = []
  top.cursor().iterate((ref) => {
    if (!ref.type.isError) return
    const node = ref.node
    const child = node.firstChild
    if (node.parent?.name === 'UnquotedLabelMatcher' && child && (child.name === 'Identifier' || child.name === 'NumberDurationLiteral') && node.prevSibling?.name === 'MatchOp') {
      unquoted.push(node)
      return false
    }
    first ??= node
    return false
  })
  for (const node of unquoted) {
    const value = text.slice(node.from, node.to)
    const from = site.expr.at(node.from)
    const to = site.expr.at(node.to)
    // Single quotes survive inside YAML double-quoted scalars and JSON strings; the one place they
    // break (a YAML single-quoted scalar) is caught by --fix re-parsing the file and undoing it.
    const quoted = `'${value}'`
    const fix = to - from === value.length ? {length: value.length, offset: from, replacement: quoted} : undefined
    site.report('promql/unquoted-label-value', from, `label value ${value} must be quoted: ${quoted}`, fix)
  }
  if (first) {
    const found = text.slice(first.from, first.to)
    const message = first.from >= text.trimEnd().length ? 'unexpected end of expression' : found ? `unexpected ${JSON.stringify(found)}` : `unexpected ${JSON.stringify(text.slice(first.from, first.from + 1) || 'end')}`
    site.report('promql/syntax', site.expr.at(first.from), `PromQL syntax error: ${message}`)
  }
  return first !== undefined || unquoted.length > 0
}

class ExpressionChecker {
  private reportedType = false

  constructor(private readonly site: PromqlSite) {}

  private text(node: SyntaxNode): string {
    return this.site.expr.text.slice(node.from, node.to)
  }

  private typeError(node: SyntaxNode, message: string): undefined {
    // One type error per expression: the rest usually follow from it.
    if (!this.reportedType) this.site.report('promql/syntax', this.site.expr.at(node.from), `PromQL: ${message}`)
    this.reportedType = true
    return undefined
  }

  typeOf(node: SyntaxNode): ValueType | undefined {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return 'scalar'
      case 'StringLiteral':
        return 'string'
      case 'VectorSelector':
        this.selector(node)
        return 'vector'
      case 'MatrixSelector': {
        // The lezer grammar lets `[5m]` bind to any expression on its left (`-up[5m]` is a range of
        // `-up`); Prometheus binds it to the selector only, and then refuses what is around it.
        const inner = operands(node)[0]
        if (inner && inner.name !== 'VectorSelector') return this.misplacedRange(node, inner)
        if (inner) this.selector(inner)
        return 'matrix'
      }
      case 'ParenExpr': {
        const inner = operands(node)[0]
        return inner ? this.typeOf(inner) : undefined
      }
      case 'UnaryExpr': {
        const inner = operands(node)[0]
        const type = inner ? this.typeOf(inner) : undefined
        if (type === 'matrix' || type === 'string') return this.typeError(node, 'unary expression only allowed on expressions of type scalar or instant vector')
        return type
      }
      case 'OffsetExpr':
      case 'StepInvariantExpr': {
        const inner = operands(node)[0]
        if (!inner) return undefined
        if (!['VectorSelector', 'MatrixSelector', 'SubqueryExpr'].includes(inner.name) && node.name === 'OffsetExpr') {
          this.typeOf(inner)
          return this.typeError(node, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery')
        }
        return this.typeOf(inner)
      }
      case 'SubqueryExpr': {
        const inner = operands(node)[0]
        if (inner && (inner.name === 'BinaryExpr' || inner.name === 'UnaryExpr')) return this.misplacedRange(node, inner)
        const type = inner ? this.typeOf(inner) : undefined
        if (type && type !== 'vector') return this.typeError(node, `subquery is only allowed on instant vector, got ${TYPE_NAMES[type]}`)
        return 'matrix'
      }
      case 'BinaryExpr':
        return this.binary(node)
      case 'FunctionCall':
        return this.call(node)
      case 'AggregateExpr':
        return this.aggregate(node)
      default:
        return undefined
    }
  }

  private misplacedRange(node: SyntaxNode, inner: SyntaxNode): undefined {
    this.typeOf(inner)
    if (inner.name === 'BinaryExpr') return this.typeError(node, 'binary expression must contain only scalar and instant vector types')
    if (inner.name === 'UnaryExpr') return this.typeError(node, 'unary expression only allowed on expressions of type scalar or instant vector')
    return this.typeError(node, 'ranges only allowed for vector selectors')
  }

  private binary(node: SyntaxNode): ValueType | undefined {
    const [lhs, rhs] = operands(node)
    const op = children(node).find((c) => BINARY_OPERATORS.has(c.name))
    const left = lhs ? this.typeOf(lhs) : undefined
    const right = rhs ? this.typeOf(rhs) : undefined
    if (!op || !left || !right) return left && right ? 'vector' : undefined
    if (left === 'matrix' || right === 'matrix' || left === 'string' || right === 'string') {
      return this.typeError(node, 'binary expression must contain only scalar and instant vector types')
    }
    const hasBool = node.getChild('BoolModifier') !== null
    const bothScalar = left === 'scalar' && right === 'scalar'
    if (hasBool && !COMPARISONS.has(op.name)) return this.typeError(op, 'bool modifier can only be used on comparison operators')
    if (COMPARISONS.has(op.name) && bothScalar && !hasBool) return this.typeError(op, 'comparisons between scalars must use BOOL modifier')
    if (SET_OPERATORS.has(op.name) && (left === 'scalar' || right === 'scalar')) {
      return this.typeError(op, `set operator "${this.text(op)}" not allowed in binary scalar expression`)
    }
    if (node.getChild('MatchingModifierClause') && (left === 'scalar' || right === 'scalar')) {
      return this.typeError(op, 'vector matching only allowed between instant vectors')
    }
    return bothScalar ? 'scalar' : 'vector'
  }

  private call(node: SyntaxNode): ValueType | undefined {
    const identifier = node.getChild('FunctionIdentifier')
    const name = identifier ? this.text(identifier) : ''
    const body = node.getChild('FunctionCallBody')
    const args = body ? operands(body) : []
    const types = args.map((arg) => this.typeOf(arg))
    const signature = FUNCTIONS[name]
    if (!signature) return this.typeError(node, `unknown function with name "${name}"`)
    const min = signature.optionalFrom ?? signature.args.length
    const max = signature.variadic ? Number.POSITIVE_INFINITY : signature.args.length
    if (args.length < min || args.length > max) {
      const expected = min === max ? String(min) : args.length < min ? `at least ${min}` : `at most ${max}`
      return this.typeError(node, `expected ${expected} argument(s) in call to "${name}", got ${args.length}`)
    }
    for (const [i, type] of types.entries()) {
      const want = signature.args[Math.min(i, signature.args.length - 1)]!
      if (type && type !== want) return this.typeError(args[i]!, `expected type ${TYPE_NAMES[want]} in call to function "${name}", got ${TYPE_NAMES[type]}`)
    }
    this.functionChecks(name, args)
    return signature.returns
  }

  private aggregate(node: SyntaxNode): ValueType | undefined {
    const op = node.getChild('AggregateOp')
    const name = op ? this.text(op) : ''
    const body = node.getChild('FunctionCallBody')
    const args = body ? operands(body) : []
    const parameter = AGGREGATION_PARAMETERS[name]
    const expected = parameter ? 2 : 1
    if (args.length !== expected) return this.typeError(node, `wrong number of arguments for aggregate expression provided, expected ${expected}, got ${args.length}`)
    if (parameter) {
      const type = this.typeOf(args[0]!)
      if (type && type !== parameter) return this.typeError(args[0]!, `expected type ${TYPE_NAMES[parameter]} in aggregation parameter, got ${TYPE_NAMES[type]}`)
    }
    const inner = args[args.length - 1]!
    const type = this.typeOf(inner)
    if (type && type !== 'vector') return this.typeError(inner, `expected type instant vector in aggregation expression, got ${TYPE_NAMES[type]}`)
    return 'vector'
  }

  private functionChecks(name: string, args: SyntaxNode[]): void {
    const {report, expr} = this.site
    const rangeArg = args.find((a) => a.name === 'MatrixSelector')
    const selector = rangeArg?.getChild('VectorSelector')
    const metric = selector ? this.metricName(selector) : undefined
    if (COUNTER_FUNCTIONS.includes(name) && metric) {
      const fact = metricFact(metric)
      if (fact && fact.type === 'gauge') {
        report('promql/rate-on-non-counter', expr.at(selector!.from), `${name}() of ${metric}, which is a gauge (${fact.source}): use deriv() or delta() for the change of a gauge`)
      }
    }
    if ((COUNTER_FUNCTIONS.includes(name) || RATE_LIKE_FUNCTIONS.includes(name) || name === 'irate') && rangeArg) this.rangeCheck(name, rangeArg, selector)
    if (name === 'histogram_quantile' && args[1]) this.histogramQuantile(args[1])
    if ((name === 'absent' || name === 'absent_over_time') && args[0]) {
      const target = unwrapParens(args[0])
      const vector = target.name === 'MatrixSelector' ? target.getChild('VectorSelector') : target
      if (vector?.name === 'VectorSelector') {
        const regex = this.matchers(vector).find((m) => m.op === '=~' || m.op === '!~')
        if (regex) report('promql/absent-with-regex', expr.at(regex.nameFrom), `${name}() of a selector with the regex matcher ${regex.label}${regex.op}${JSON.stringify(regex.value)}: its output carries no ${regex.label} label, and it is absent only when every matching series is`)
      }
    }
  }

  private rangeCheck(name: string, range: SyntaxNode, selector: SyntaxNode | null | undefined): void {
    const duration = range.getChild('DurationExpr')
    if (!duration) return
    if (this.site.variables?.has(duration.from)) {
      const original = this.originalAt(duration.from)
      if (original !== '$__rate_interval' && original !== '${__rate_interval}' && ['rate', 'irate', 'increase'].includes(name)) {
        this.site.report('dashboard/rate-interval', this.site.expr.at(duration.from), `${name}() over [${original}]: use [$__rate_interval], which is never shorter than four scrape intervals`)
      }
      return
    }
    const ms = durationMs(this.text(duration))
    if (ms === undefined) return
    if (this.site.variables && ['rate', 'irate', 'increase'].includes(name)) {
      this.site.report('dashboard/rate-interval', this.site.expr.at(duration.from), `${name}() over a fixed [${this.text(duration)}] in a dashboard: use [$__rate_interval]`)
    }
    const job = selector ? this.matchers(selector).find((m) => m.label === 'job' && m.op === '=')?.value : undefined
    const interval = (job !== undefined ? this.site.facts.jobScrapeIntervalMs.get(job) : undefined) ?? this.site.facts.scrapeIntervalMs
    if (ms < 4 * interval) {
      this.site.report(
        'promql/range-too-short',
        this.site.expr.at(duration.from),
        `${name}() over [${this.text(duration)}] with a ${formatDuration(interval)} scrape interval${job ? ` (job ${job})` : ''}: use at least [${formatDuration(4 * interval)}]`,
      )
    }
  }

  /** The Grafana variable that stood where the duration is now. */
  private originalAt(index: number): string {
    const original = this.site.original ?? ''
    // Variables are replaced by tokens of the same length (grafana-variables.ts), so indexes agree.
    const match = /^(\$\{[^}]*\}|\$\w+|\[\[\w+\]\])/.exec(original.slice(index))
    return match?.[1] ?? ''
  }

  private histogramQuantile(arg: SyntaxNode): void {
    const inner = unwrapParens(arg)
    if (inner.name !== 'AggregateExpr') return
    const text = this.text(inner)
    if (!/_bucket\b/.test(text)) return
    const modifier = inner.getChild('AggregateModifier')
    const labels = modifier ? (modifier.getChild('GroupingLabels') ? children(modifier.getChild('GroupingLabels')!).map((l) => this.text(l)) : []) : []
    const without = modifier?.getChild('Without') !== null && modifier !== null
    const keepsLe = modifier ? (without ? !labels.includes('le') : labels.includes('le')) : false
    if (!keepsLe) {
      const how = !modifier ? 'aggregates every label away' : without ? 'drops le with without()' : `groups by (${labels.join(', ')})`
      this.site.report('promql/histogram-quantile-without-le', this.site.expr.at(inner.from), `histogram_quantile() over an aggregation that ${how}: keep le in the by clause, or the result is always NaN`)
    }
  }

  private metricName(selector: SyntaxNode): string | undefined {
    const identifier = selector.getChild('Identifier')
    if (identifier) return this.text(identifier)
    return this.matchers(selector).find((m) => m.label === '__name__' && m.op === '=')?.value
  }

  private matchers(selector: SyntaxNode): Matcher[] {
    const list = selector.getChild('LabelMatchers')
    if (!list) return []
    const out: Matcher[] = []
    for (const matcher of children(list)) {
      if (matcher.name !== 'UnquotedLabelMatcher' && matcher.name !== 'QuotedLabelMatcher') continue
      const nameNode = matcher.getChild('LabelName') ?? matcher.getChild('QuotedLabelName')
      const op = matcher.getChild('MatchOp')
      const value = matcher.getChild('StringLiteral')
      if (!nameNode || !op || !value) continue
      const rawName = this.text(nameNode)
      out.push({
        label: nameNode.name === 'QuotedLabelName' ? stringLiteralValue(rawName) : rawName,
        nameFrom: nameNode.from,
        op: this.text(op) as Matcher['op'],
        value: stringLiteralValue(this.text(value)),
        valueFrom: value.from,
      })
    }
    return out
  }

  private selector(node: SyntaxNode): void {
    const {report, expr, facts} = this.site
    const matchers = this.matchers(node)
    const identifier = node.getChild('Identifier')
    const name = this.metricName(node)
    if (!identifier && !matchers.some((m) => !matchesEmpty(m))) {
      this.typeError(node, 'vector selector must contain at least one non-empty matcher')
    }
    checkSelectorMatchers(this.site.variables ? matchers.filter((m) => !/\$|\[\[/.test(m.value)) : matchers, (check, index, message) => (check === 'promql/syntax' ? this.typeError(node, message) : report(check, expr.at(index), message)))
    this.site.onSelector?.(name, matchers)
    if (!name || this.site.variables?.has(identifier?.from ?? -1)) return
    const from = identifier ? identifier.from : matchers.find((m) => m.label === '__name__')!.valueFrom + 1
    const verdict = judgeMetricName(name)
    if (verdict.kind === 'wrong') {
      const {correction} = verdict
      if (correction.right) {
        const start = expr.at(from)
        const fix = identifier && expr.at(from + name.length) - start === name.length ? {length: name.length, offset: start, replacement: correction.right} : undefined
        report('metric/renamed', start, `${name} does not exist: ${correction.why}; use ${correction.right}`, fix)
      } else {
        report('metric/removed', expr.at(from), `${name} no longer exists: ${correction.why}`)
      }
      return
    }
    if (verdict.kind === 'unknown' && !facts.recordedNames.has(name)) {
      const namespace = closedNamespaceOf(name)
      if (namespace) {
        const candidates = knownNamesIn(namespace.prefix)
        const suggestion = closest(name, candidates)
        report('metric/unknown', expr.at(from), `${namespace.source} exposes no metric ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`)
      }
      return
    }
    this.labelCheck(name, matchers)
  }

  private labelCheck(name: string, matchers: readonly Matcher[]): void {
    const base = name.replace(/_(bucket|sum|count)$/, '')
    const own = METRIC_LABELS[name] ?? (metricFact(base)?.type === 'histogram' ? METRIC_LABELS[base] : undefined)
    if (!own) return
    if (this.site.facts.targetLabels.has('*')) return
    const allowed = new Set<string>([...own, ...CONTRACT_LABELS, ...this.site.facts.targetLabels, '__name__'])
    if (name.endsWith('_bucket')) allowed.add('le')
    for (const m of matchers) {
      if (allowed.has(m.label) || matchesEmpty(m)) continue
      const suggestion = closest(m.label, own)
      this.site.report(
        'metric/unknown-label',
        this.site.expr.at(m.nameFrom),
        `${name} has no label ${m.label}${own.length ? ` (its labels: ${own.join(', ')}${suggestion ? `; did you mean ${suggestion}?` : ''})` : ' of its own'}, and the scrape configuration attaches none by that name`,
      )
    }
  }
}

function matchesEmpty(m: Matcher): boolean {
  if (m.op === '=') return m.value === ''
  if (m.op === '!=') return m.value !== ''
  try {
    const matches = new RegExp(`^(?:${m.value})$`).test('')
    return m.op === '=~' ? matches : !matches
  } catch {
    return false
  }
}

const namesByPrefix = new Map<string, string[]>()
function knownNamesIn(prefix: string): string[] {
  let names = namesByPrefix.get(prefix)
  if (!names) {
    names = knownMetricNames().filter((n) => n.startsWith(prefix))
    namesByPrefix.set(prefix, names)
  }
  return names
}
