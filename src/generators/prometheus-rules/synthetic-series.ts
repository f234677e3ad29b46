import type {SignalSource} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import type {Subject} from './entities.js'
import type {Labels} from './expected-labels.js'
import {children, matches, mustParsePromql, textOf, type PromqlNode} from './promql.js'
import type {TestReadingSpec} from './rule-catalog-schema.js'
import {selectorOf, seriesLabels, SynthesisError} from './series-labels.js'
import {formatNumber, roundValue} from './template.js'

/**
 * Synthetic input series for the promtool unit tests: given a reading ("latency P99 of this
 * server is 0.505 s", "the backup is 27 h old"), the raw series a real exporter would expose for
 * that subject, with the target labels the scrape configuration attaches. Signal readings follow
 * the catalog source of the subject's runtime or hardware, so the tests exercise the recording
 * rules too, not only the alert expressions.
 */
export const STEP_SECONDS = 60

/** `start`, then `repeat` more samples, each `step` apart: promtool's `start+stepxrepeat`. */
export interface Segment {
  start: number
  step: number
  repeat: number
}

export interface SyntheticSeries {
  labels: Labels
  segments: Segment[]
  /** Per-second rate for counters, so sums over several selectors can be balanced. */
  rate?: number
}

export interface Timeline {
  /** Samples run from 0 to `steps`, one per STEP_SECONDS; the alert is checked at the last. */
  steps: number
  forSeconds: number
  /** The longest range the alert reads, directly or through recording rules. */
  windowSeconds: number
}

export {SynthesisError} from './series-labels.js'

/** Requests per second behind a ratio reading, and the scale behind a solved division. */
const RATIO_DENOMINATOR_RATE = 10
const DIVISION_SCALE = 1e9
const HISTOGRAM_REQUESTS_PER_STEP = 1000

export interface ReadingInput {
  reading: TestReadingSpec
  value: number
  subject: Subject
  /** Series already made for this subject in this test case (counter sums account for them). */
  existing: SyntheticSeries[]
  timeline: Timeline
  fleet: Fleet
}

export function synthesizeReading(input: ReadingInput): SyntheticSeries[] {
  const {reading, value, subject} = input
  if (reading.ratio) {
    const [numerator, denominator] = reading.ratio.map((s) => counterSource(subject, s))
    const made = counterTotal(numerator!.series, value * RATIO_DENOMINATOR_RATE, input, [])
    return [...made, ...counterTotal(denominator!.series, RATIO_DENOMINATOR_RATE, input, made)]
  }
  if (reading.signal) return fromSignal(sourceOf(subject, reading.signal), input)
  return fromSeries(reading.series!, reading.as ?? 'gauge', input)
}

function sourceOf(subject: Subject, signal: string): Exclude<SignalSource, {kind: 'unavailable'}> {
  const source = subject.provider?.source(signal)
  if (!source || source.kind === 'unavailable') throw new SynthesisError(`no source for signal ${signal}`)
  return source
}

function counterSource(subject: Subject, signal: string) {
  const source = sourceOf(subject, signal)
  if (source.kind !== 'counter') throw new SynthesisError(`a ratio reading needs counter signals; ${signal} is a ${source.kind}`)
  return source
}

function fromSignal(source: Exclude<SignalSource, {kind: 'unavailable'}>, input: ReadingInput): SyntheticSeries[] {
  switch (source.kind) {
    case 'gauge':
      return [gauge(labelsFor(source.series, input), input.value, input.timeline)]
    case 'counter':
      return counterTotal(source.series, input.value, input, [])
    case 'histogram':
      return histogram(source.metric, input)
    case 'expr': {
      const parsed = mustParsePromql(source.expr)
      return solve(parsed.root, parsed.text, input.value, input)
    }
  }
}

function fromSeries(selector: string, as: NonNullable<TestReadingSpec['as']>, input: ReadingInput): SyntheticSeries[] {
  const {timeline, value} = input
  const labels = labelsFor(selector, input)
  const evalSeconds = timeline.steps * STEP_SECONDS
  switch (as) {
    case 'gauge':
      return [gauge(labels, value, timeline)]
    case 'rate':
      return [counter(labels, value, timeline)]
    case 'age':
      return [gauge(labels, evalSeconds - value, timeline)]
    case 'until':
      return [gauge(labels, evalSeconds + value, timeline)]
    case 'changes':
      return [changes(labels, value, timeline)]
  }
}

const gauge = (labels: Labels, value: number, timeline: Timeline): SyntheticSeries => ({labels, segments: [{repeat: timeline.steps, start: roundValue(value), step: 0}]})

function counter(labels: Labels, rate: number, timeline: Timeline): SyntheticSeries {
  return {labels, rate, segments: [{repeat: timeline.steps, start: 0, step: roundValue(rate * STEP_SECONDS)}]}
}

/**
 * A value that changes `count` times, one step apart, ending `for` before the evaluation: then
 * `changes(x[window])` reads exactly `count` for the whole `for` period, in Prometheus 2 (closed
 * ranges) and 3 (left-open ranges) alike.
 */
function changes(labels: Labels, count: number, timeline: Timeline): SyntheticSeries {
  const forSteps = Math.ceil(timeline.forSeconds / STEP_SECONDS)
  const windowSteps = Math.floor(timeline.windowSeconds / STEP_SECONDS)
  if (!Number.isInteger(count) || count < 0) throw new SynthesisError(`a changes reading needs a whole number, got ${count}`)
  if (count === 0) return gauge(labels, 1, timeline)
  if (count + forSteps > windowSteps - 2) {
    throw new SynthesisError(`${count} changes and for: ${timeline.forSeconds}s do not fit in the rule's ${timeline.windowSeconds}s window`)
  }
  const last = timeline.steps - forSteps
  const first = last - count + 1
  return {
    labels,
    segments: [
      {repeat: first - 1, start: 1, step: 0},
      {repeat: count - 1, start: 2, step: 1},
      ...(last < timeline.steps ? [{repeat: timeline.steps - last - 1, start: count + 1, step: 0}] : []),
    ],
  }
}

/** Two buckets whose `q` quantile is exactly `value`: `le=value` holds q of the requests. */
function histogram(metric: string, input: ReadingInput): SyntheticSeries[] {
  const q = input.reading.quantile
  if (q === undefined) throw new SynthesisError(`a histogram signal reading needs a quantile`)
  if (!(input.value > 0)) throw new SynthesisError(`a histogram reading needs a positive value, got ${input.value}`)
  const base = labelsFor(`${metric}_bucket`, input)
  const perSecond = HISTOGRAM_REQUESTS_PER_STEP / STEP_SECONDS
  return [
    counter({...base, le: formatNumber(input.value)}, q * perSecond, input.timeline),
    counter({...base, le: '+Inf'}, perSecond, input.timeline),
  ]
}

/**
 * Counters whose summed rates (over all `selectors`, as the signal sums them) reach `rate`,
 * counting series already made that the selectors also match: vLLM's requests include the
 * finished_reason="error" series made for the errors.
 */
function counterTotal(selectors: readonly string[], rate: number, input: ReadingInput, made: SyntheticSeries[]): SyntheticSeries[] {
  const pool = [...input.existing, ...made]
  const parsed = selectors.map((s) => ({labels: labelsFor(s, input), ...selectorOf(s)}))
  const matching = (p: (typeof parsed)[number]) => pool.filter((s) => s.labels.__name__ === p.name && p.matchers.every((m) => matches(s.labels, m)))
  const counted = parsed.reduce((sum, p) => sum + matching(p).reduce((s, series) => s + (series.rate ?? 0), 0), 0)
  const remaining = roundValue(rate - counted)
  if (remaining < 0) throw new SynthesisError(`cannot make ${selectors.join(' + ')} read ${rate}/s: existing series already add up to ${counted}/s`)
  const out: SyntheticSeries[] = []
  parsed.forEach((p, i) => {
    const needed = i === 0 && remaining > 0
    if (!needed && matching(p).length > 0) return
    if (pool.some((s) => sameLabels(s.labels, p.labels))) throw new SynthesisError(`two readings need different values for ${JSON.stringify(p.labels)}`)
    out.push(counter(p.labels, needed ? remaining : 0, input.timeline))
  })
  return out
}

/** Makes an instant-vector expression (a catalog `expr` source) read `target`. */
function solve(node: PromqlNode, text: string, target: number, input: ReadingInput): SyntheticSeries[] {
  const parts = children(node)
  switch (node.name) {
    case 'ParenExpr':
      return solve(parts[0]!, text, target, input)
    case 'AggregateExpr':
      return solve(children(parts.find((p) => p.name === 'FunctionCallBody')!).at(-1)!, text, target, input)
    case 'VectorSelector':
      return [gauge(labelsFor(textOf(text, node), input), target, input.timeline)]
    case 'FunctionCall': {
      const fn = children(parts[0]!)[0]!.name
      const arg = children(parts[1]!)[0]
      if ((fn === 'Rate' || fn === 'Irate') && arg?.name === 'MatrixSelector') return [counter(labelsFor(textOf(text, children(arg)[0]!), input), target, input.timeline)]
      break
    }
    case 'BinaryExpr':
      return solveBinary(parts, text, target, input)
  }
  throw new SynthesisError(`cannot synthesize series for ${textOf(text, node)}`)
}

function solveBinary(parts: PromqlNode[], text: string, target: number, input: ReadingInput): SyntheticSeries[] {
  const [lhs, opNode, rhs] = [parts[0]!, parts[1]!, parts.at(-1)!]
  const op = opNode.name
  const l = constant(lhs, text)
  const r = constant(rhs, text)
  const inverse: Record<string, [(c: number) => number, (c: number) => number]> = {
    // [value for the other side when the constant is on the left, … on the right]
    Add: [(c) => target - c, (c) => target - c],
    Div: [(c) => c / target, (c) => target * c],
    Mul: [(c) => target / c, (c) => target / c],
    Sub: [(c) => c - target, (c) => target + c],
  }
  const solveSide = inverse[op]
  if (solveSide && l !== undefined && r === undefined) return solve(rhs, text, roundValue(solveSide[0](l)), input)
  if (solveSide && r !== undefined && l === undefined) return solve(lhs, text, roundValue(solveSide[1](r)), input)
  if (op === 'Div' && l === undefined && r === undefined) {
    return [...solve(rhs, text, DIVISION_SCALE, input), ...solve(lhs, text, roundValue(target * DIVISION_SCALE), input)]
  }
  throw new SynthesisError(`cannot synthesize series for ${textOf(text, parts[0]!.parent!)}`)
}

function constant(node: PromqlNode, text: string): number | undefined {
  if (node.name === 'NumberDurationLiteral' || node.name === 'NumberLiteral') return Number(textOf(text, node))
  if (node.name === 'ParenExpr') return constant(children(node)[0]!, text)
  return undefined
}

/** The labels a real target would give the series, with what the reading adds (e.g. a mountpoint). */
const labelsFor = (selector: string, input: ReadingInput): Labels => seriesLabels(selector, input.subject, input.fleet, input.reading.labels)

export function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

/** promtool's series notation: `name{a="b"}`. */
export function seriesNotation(labels: Labels): string {
  const {__name__: name, ...rest} = labels
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`)
  return `${name ?? ''}{${pairs.join(',')}}`
}

/** promtool's expanding notation for the samples: `0+16.5x20 ...`. */
export function valuesNotation(segments: readonly Segment[]): string {
  return segments
    .map(({start, step, repeat}) => {
      if (repeat === 0) return formatNumber(start)
      if (step === 0) return `${formatNumber(start)}x${repeat}`
      return `${formatNumber(start)}${step < 0 ? '-' : '+'}${formatNumber(Math.abs(step))}x${repeat}`
    })
    .join(' ')
}
