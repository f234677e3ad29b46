import type {SignalSource} from '../../catalog/index.js'
import {parseDuration} from '../../schema/primitives.js'
import {unionOfParts} from '../../promql/union-of-parts.js'
import {injectMatchers} from './promql.js'

/**
 * The functions a rule template may call on a catalog signal. The signal's kind (counter,
 * histogram, gauge, expression) decides the PromQL, as in grafana's common-lib signals: the rule
 * says "P99 of latency over 5m", the catalog says which series provide latency for each runtime.
 */
export const SIGNAL_FUNCTIONS = {
  avg: {kinds: ['gauge', 'expr'], usage: 'avg(signal[, extra label...])'},
  bucketRate: {kinds: ['histogram'], usage: 'bucketRate(signal, window)'},
  max: {kinds: ['gauge', 'expr'], usage: 'max(signal[, extra label...])'},
  min: {kinds: ['gauge', 'expr'], usage: 'min(signal[, extra label...])'},
  quantile: {kinds: ['histogram'], usage: 'quantile(q, signal, window)'},
  rate: {kinds: ['counter'], usage: 'rate(signal, window[, extra label...])'},
  select: {kinds: ['gauge', 'expr'], usage: 'select(signal)'},
  sum: {kinds: ['gauge', 'expr'], usage: 'sum(signal[, extra label...])'},
} as const satisfies Record<string, {kinds: readonly SignalSource['kind'][]; usage: string}>

export type SignalFunction = keyof typeof SIGNAL_FUNCTIONS

export interface SignalCall {
  fn: SignalFunction
  signal: string
  window: string | undefined
  quantile: number | undefined
  extraLabels: string[]
}

const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Reads `${fn(args)}` into a call, or says what is wrong with it. */
export function parseSignalCall(fn: string, args: readonly string[]): SignalCall | string {
  if (!(fn in SIGNAL_FUNCTIONS)) return `unknown function ${fn}(); known: ${Object.values(SIGNAL_FUNCTIONS).map((f) => f.usage).join(', ')}`
  const name = fn as SignalFunction
  const usage = `usage: ${SIGNAL_FUNCTIONS[name].usage}`
  const window = (text: string | undefined) => (text !== undefined && parseDuration(text) ? text : undefined)
  if (name === 'quantile') {
    const q = Number(args[0])
    if (args.length !== 3 || !(q > 0 && q < 1) || !window(args[2])) return `${fn}(${args.join(', ')}): ${usage}`
    return {extraLabels: [], fn: name, quantile: q, signal: args[1]!, window: args[2]}
  }
  if (name === 'bucketRate') {
    if (args.length !== 2 || !window(args[1])) return `${fn}(${args.join(', ')}): ${usage}`
    return {extraLabels: [], fn: name, quantile: undefined, signal: args[0]!, window: args[1]}
  }
  if (name === 'rate') {
    if (args.length < 2 || !window(args[1])) return `${fn}(${args.join(', ')}): ${usage}`
    return labelsOrError({extraLabels: args.slice(2), fn: name, quantile: undefined, signal: args[0]!, window: args[1]}, usage)
  }
  if (name === 'select' && args.length !== 1) return `${fn}(${args.join(', ')}): ${usage}`
  if (args.length < 1) return `${fn}(): ${usage}`
  return labelsOrError({extraLabels: args.slice(1), fn: name, quantile: undefined, signal: args[0]!, window: undefined}, usage)
}

function labelsOrError(call: SignalCall, usage: string): SignalCall | string {
  const bad = call.extraLabels.find((l) => !LABEL.test(l))
  return bad === undefined ? call : `"${bad}" is not a label name; ${usage}`
}

export class SignalKindError extends Error {}

/** PromQL for a call on one provider's source, aggregated `by` the scope's labels, narrowed by `matcher`. */
export function renderSignalCall(call: SignalCall, source: SignalSource, scope: {by: readonly string[]; matcher: string}): string {
  const allowed: readonly string[] = SIGNAL_FUNCTIONS[call.fn].kinds
  if (!allowed.includes(source.kind)) {
    throw new SignalKindError(`${call.fn}() needs a ${allowed.join(' or ')} signal, but ${call.signal} is a ${source.kind} here`)
  }
  const by = [...new Set([...scope.by, ...call.extraLabels])].join(', ')
  const narrow = (selector: string) => injectMatchers(selector, scope.matcher)
  switch (source.kind) {
    case 'counter':
      return `sum by (${by}) (${unionOfParts(source.series.map((s) => `rate(${narrow(s)}[${call.window}])`))})`
    case 'histogram': {
      const matchers = source.matchers ? `{${source.matchers.replace(/^\{|\}$/g, '')}}` : ''
      const buckets = `sum by (le, ${by}) (rate(${narrow(`${source.metric}_bucket${matchers}`)}[${call.window}]))`
      return call.fn === 'bucketRate' ? buckets : `histogram_quantile(${call.quantile}, ${buckets})`
    }
    case 'gauge':
    case 'expr': {
      const inner = narrow(source.kind === 'gauge' ? source.series : source.expr)
      return call.fn === 'select' ? inner : `${call.fn} by (${by}) (${inner})`
    }
    case 'unavailable':
      throw new SignalKindError(`${call.signal} is unavailable: ${source.reason}`)
  }
}

/** Every series selector a source reads, for finding the exporters it depends on. */
export function sourceSelectors(source: SignalSource): string[] {
  switch (source.kind) {
    case 'counter':
      return [...source.series]
    case 'histogram':
      return [`${source.metric}_bucket`]
    case 'gauge':
      return [source.series]
    case 'expr':
      return [source.expr]
    case 'unavailable':
      return []
  }
}
