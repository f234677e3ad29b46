import {type AcceleratorSignal, HARDWARE, type HardwareId, type NodeSignal, RUNTIMES, type RuntimeId, type ServerSignal} from '../catalog/index.js'
import type {Fleet, FleetNode, ModelServer} from '../normalize/fleet-model.js'
import {aggregate, type Aggregation, anyOf, eq, histogramQuantile, type Matcher, re, scopeExpression, summedRate} from './promql.js'
import {nodeSelector} from './node-selection.js'
import type {ThresholdStep} from './panels.js'
import {recordedNodeSignal, type RecordedRules, recordedRules, recordedServerSignal, type RecordedSeries} from './recorded.js'
import {
  acceleratorCoverage,
  type AvailableSource,
  nodeCoverage,
  onlyCovered,
  serverCoverage,
  type SignalCoverage,
} from './signal-sources.js'

/**
 * The query layer: a panel asks for a signal over some servers or nodes and gets PromQL back,
 * from a recording rule where the generated rules precompute it, else from the catalog's raw
 * series (one query per runtime or hardware that provides it). Panels never write PromQL.
 */

export interface PanelQuery {
  expr: string
  legend: string
  /** Instant queries feed stats and tables; range queries feed time series. */
  instant?: boolean
  /** Thresholds of this query's series, drawn as dashed lines (each hardware's temperatures). */
  thresholds?: readonly ThresholdStep[]
}

/** Which series a panel looks at and how it groups them. */
export interface Scope {
  matchers: readonly Matcher[]
  by: readonly string[]
  /** The fleet's recording rules; without them every query reads raw catalog series. */
  records?: RecordedRules
}

/** A scope that may use the recording rules this fleet's output defines. */
export function fleetScope(fleet: Fleet, by: readonly string[], matchers: readonly Matcher[] = []): Scope {
  return {by, matchers, records: recordedRules(fleet)}
}

/** A rule is used only when it is instantiated for every runtime or hardware that provides the signal. */
function usableRecord(recorded: RecordedSeries | undefined, scope: Scope, profileTitles: readonly string[]): RecordedSeries | undefined {
  if (!recorded || !scope.records || profileTitles.length === 0) return undefined
  return profileTitles.every((title) => scope.records!.has(recorded.record, title)) ? recorded : undefined
}

const runtimeTitles = (keys: readonly string[]) => keys.map((k) => RUNTIMES[k as RuntimeId].title)
const hardwareTitles = (keys: readonly string[]) => keys.map((k) => HARDWARE[k as HardwareId].title)

export type View = {kind: 'rate'} | {kind: 'current'} | {kind: 'quantile'; quantile: number}

export interface SignalQueries<K extends string> {
  queries: PanelQuery[]
  coverage: SignalCoverage<K>
}

/** How several series of one signal combine into one line per group. */
const SERVER_AGGREGATION: Record<ServerSignal, Aggregation> = {
  errors: 'sum',
  generatedTokens: 'sum',
  kvCache: 'max',
  latency: 'max',
  outputLength: 'max',
  promptTokens: 'sum',
  queueDepth: 'sum',
  requests: 'sum',
  running: 'sum',
  ttft: 'max',
  interTokenLatency: 'max',
}

const NODE_AGGREGATION: Record<NodeSignal, Aggregation> = {
  cpuBusy: 'avg',
  diskFree: 'min',
  memoryUsed: 'max',
  power: 'sum',
  temperature: 'max',
  throttled: 'max',
  underVoltage: 'max',
}

const ACCELERATOR_AGGREGATION: Record<AcceleratorSignal, Aggregation> = {
  gpuMemoryFree: 'sum',
  gpuMemoryUsed: 'sum',
  gpuPower: 'sum',
  gpuUtilization: 'avg',
  gpuXid: 'max',
  npuUtilization: 'avg',
}

export function legendFor(by: readonly string[], suffix = ''): string {
  const labels = by.map((l) => `{{${l}}}`).join(' ')
  return [labels, suffix].filter((s) => s !== '').join(' ') || suffix
}

/** The PromQL for one catalog source, viewed as a rate, a current value or a quantile. */
export function sourceExpression(source: AvailableSource, view: View, scope: Scope, agg: Aggregation): string {
  const {by, matchers} = scope
  switch (source.kind) {
    case 'counter':
      return summedRate(source.series, matchers, by)
    case 'histogram': {
      const quantile = view.kind === 'quantile' ? view.quantile : 0.5
      return histogramQuantile(quantile, `${source.metric}_bucket${source.matchers ?? ''}`, matchers, by)
    }
    case 'gauge':
      return aggregate(agg, by, scopeExpression(source.series, matchers))
    case 'expr':
      return aggregate(agg, by, scopeExpression(source.expr, matchers))
  }
}

function viewSuffix(view: View): string {
  return view.kind === 'quantile' ? `p${Math.round(view.quantile * 100)}` : ''
}

/** A recorded series, re-grouped to the panel's labels; the rule's own grouping is the finest there is. */
function recordedQuery(recorded: RecordedSeries, scope: Scope, agg: Aggregation, view: View): PanelQuery {
  const selector = scopeExpression(recorded.record, scope.matchers)
  const sameGrouping = recorded.by.length === scope.by.length && recorded.by.every((l) => scope.by.includes(l))
  return {expr: sameGrouping ? selector : aggregate(agg, scope.by, selector), legend: legendFor(scope.by, viewSuffix(view))}
}

export function serverSignalQueries(signal: ServerSignal, servers: readonly ModelServer[], view: View, scope: Scope): SignalQueries<string> {
  const coverage = serverCoverage(signal, servers)
  if (coverage.providers.length === 0) return {coverage, queries: []}
  const recorded = usableRecord(recordedServerSignal(signal, view), scope, runtimeTitles(coverage.providers.map((p) => p.key)))
  if (recorded) return {coverage, queries: [recordedQuery(recorded, scope, SERVER_AGGREGATION[signal], view)]}
  const queries = coverage.providers.map((group) => ({
    expr: sourceExpression(group.source, view, scope, SERVER_AGGREGATION[signal]),
    legend: legendFor(scope.by, viewSuffix(view)),
  }))
  return {coverage, queries: distinctQueries(queries)}
}

/**
 * Raw server series are not narrowed by runtime: runtimes that read a signal from the same series
 * (llama.cpp and Ollama from their shipped logs) get one query, which draws each series once.
 */
function distinctQueries(queries: readonly PanelQuery[]): PanelQuery[] {
  return [...new Map(queries.map((q) => [q.expr, q])).values()]
}

/** Errors over requests, per runtime that counts both. */
export function errorRatioQueries(servers: readonly ModelServer[], scope: Scope): SignalQueries<string> {
  const errors = serverCoverage('errors', servers)
  const requests = serverCoverage('requests', servers)
  const providers = errors.providers.filter((e) => requests.providers.some((r) => r.key === e.key))
  const recorded = usableRecord(recordedServerSignal('errorRatio', {kind: 'rate'}), scope, runtimeTitles(providers.map((p) => p.key)))
  const coverage = {missing: mergeMissing(errors, requests), providers}
  if (recorded) return {coverage, queries: [recordedQuery(recorded, scope, 'max', {kind: 'rate'})]}
  const queries = providers.map((group) => {
    const total = requests.providers.find((r) => r.key === group.key)!.source
    const numerator = sourceExpression(group.source, {kind: 'rate'}, scope, 'sum')
    const denominator = sourceExpression(total, {kind: 'rate'}, scope, 'sum')
    return {expr: `(${numerator}) / (${denominator})`, legend: legendFor(scope.by)}
  })
  return {coverage, queries: distinctQueries(queries)}
}

/** One line per group of servers, with every reason it lacks either signal. */
function mergeMissing(a: SignalCoverage<string>, b: SignalCoverage<string>): SignalCoverage<string>['missing'] {
  const reasons = new Map<string, {who: string[]; reasons: string[]}>()
  for (const m of [...a.missing, ...b.missing]) {
    const key = m.who.join(',')
    const entry = reasons.get(key) ?? {reasons: [], who: m.who}
    if (!entry.reasons.includes(m.reason)) entry.reasons.push(m.reason)
    reasons.set(key, entry)
  }
  return [...reasons.values()].map((e) => ({reason: e.reasons.join('; '), who: e.who}))
}

/** Raw node series are told apart by hardware, since each hardware reads a signal from its own metric. */
export function nodeSignalQueries(signal: NodeSignal, nodes: readonly FleetNode[], scope: Scope): SignalQueries<string> {
  const coverage = nodeCoverage(signal, nodes)
  if (coverage.providers.length === 0) return {coverage, queries: []}
  const recorded = usableRecord(recordedNodeSignal(signal), scope, hardwareTitles(coverage.providers.map((p) => p.key)))
  if (recorded) return {coverage, queries: [recordedQuery(recorded, scope, NODE_AGGREGATION[signal], {kind: 'current'})]}
  const queries = coverage.providers.map((group) => ({
    expr: sourceExpression(group.source, {kind: 'current'}, {...scope, matchers: [eq('hardware', group.key), ...scope.matchers]}, NODE_AGGREGATION[signal]),
    legend: legendFor(scope.by),
  }))
  return {coverage, queries}
}

/**
 * A node signal queried once per set of thresholds (`thresholdsOf` each node's), each query carrying
 * its thresholds and selecting its nodes by hardware where they are whole kinds: a panel then draws
 * each hardware's lines without an override that names every node of it.
 */
export function nodeSignalQueriesByThresholds(
  signal: NodeSignal,
  nodes: readonly FleetNode[],
  scope: Scope,
  thresholdsOf: (node: FleetNode) => readonly ThresholdStep[],
): SignalQueries<string> {
  const all = nodeSignalQueries(signal, nodes, scope)
  const covered = onlyCovered(nodes, all.coverage)
  const groups = new Map<string, {nodes: FleetNode[]; steps: readonly ThresholdStep[]}>()
  for (const node of covered) {
    const steps = thresholdsOf(node)
    const key = JSON.stringify(steps)
    const group = groups.get(key)
    if (group) group.nodes.push(node)
    else groups.set(key, {nodes: [node], steps})
  }
  if (groups.size <= 1) {
    const steps = [...groups.values()][0]?.steps
    return steps ? {...all, queries: all.queries.map((q) => ({...q, thresholds: steps}))} : all
  }
  const selector = nodeSelector(nodes)
  // The thresholds of most nodes first: they become the panel's own (see panels.ts).
  const queries = [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length).flatMap(({nodes: members, steps}) => {
    const matchers = selector.select(members.map((n) => n.name))
    return nodeSignalQueries(signal, members, {...scope, matchers: [...scope.matchers, ...matchers]}).queries.map((q) => ({...q, thresholds: steps}))
  })
  return {...all, queries}
}

/** Accelerator series are selected by the nodes that carry the accelerator. */
export function acceleratorSignalQueries(signal: AcceleratorSignal, nodes: readonly FleetNode[], scope: Scope): SignalQueries<string> {
  const coverage = acceleratorCoverage(signal, nodes)
  const queries = coverage.providers.map((group) => ({
    expr: sourceExpression(group.source, {kind: 'current'}, {...scope, matchers: [re('node', anyOf(group.members)), ...scope.matchers]}, ACCELERATOR_AGGREGATION[signal]),
    legend: legendFor(scope.by),
  }))
  return {coverage, queries}
}

/** Request outcomes grouped by the runtime's reason label (vLLM finished_reason, TGI err). */
export function reasonQueries(servers: readonly ModelServer[], scope: Scope): {queries: PanelQuery[]; described: string[]} {
  const queries: PanelQuery[] = []
  const described: string[] = []
  const runtimes = [...new Map(servers.map((s) => [s.runtime.id, s.runtime])).values()].sort((a, b) => (a.id < b.id ? -1 : 1))
  for (const runtime of runtimes) {
    const reason = runtime.reasonLabel
    const source = reason && runtime.signals[reason.signal]
    if (!reason || !source || source.kind === 'unavailable') continue
    const by = [...scope.by, reason.label]
    queries.push({expr: sourceExpression(source, {kind: 'rate'}, {...scope, by}, 'sum'), legend: legendFor(by)})
    described.push(`${runtime.title}: ${reason.signal} by ${reason.label}`)
  }
  return {described, queries}
}

/** 1 − a 0–1 fraction, e.g. memory headroom from memory used. */
export function complement<K extends string>(result: SignalQueries<K>): SignalQueries<K> {
  return {...result, queries: result.queries.map((q) => ({...q, expr: `1 - (${q.expr})`}))}
}

/**
 * Canary P99 over stable P99 per model, for runtimes with a latency histogram. Stages come from the
 * `stage` target label; only single-model servers carry it (label contract).
 */
export function canaryLatencyRatio(servers: readonly ModelServer[], scope: Scope): PanelQuery | null {
  const p99 = (stage: string) =>
    serverSignalQueries('latency', servers, {kind: 'quantile', quantile: 0.99}, {...scope, matchers: [...scope.matchers, eq('stage', stage)]}).queries
  const [canary, stable] = [p99('canary'), p99('stable')]
  if (canary.length === 0 || stable.length === 0) return null
  const side = (qs: PanelQuery[]) => qs.map((q) => `(${q.expr})`).join(' or ')
  const by = scope.by.join(', ')
  return {expr: `max by (${by}) (${side(canary)}) / max by (${by}) (${side(stable)})`, legend: legendFor(scope.by)}
}
