import {
  ACCELERATORS,
  type AcceleratorId,
  type AcceleratorSignal,
  HARDWARE,
  type HardwareId,
  isAvailable,
  metricFact,
  NODE_EXPORTER_IDS,
  type NodeSignal,
  type RuntimeId,
  type ServerSignal,
  type SignalSource,
} from '../catalog/index.js'
import {groupBy} from '../group-by.js'
import type {FleetNode, ModelServer} from '../normalize/fleet-model.js'
import {analyzePromql} from '../promql/parse.js'

/**
 * Who in the fleet provides a signal, asked of the catalog: servers grouped by runtime, nodes by
 * hardware or accelerator, each group with the catalog's source or the reason it has none.
 * Dashboards draw a panel only for groups that provide the signal and say why for the others.
 */

export type AvailableSource = Exclude<SignalSource, {kind: 'unavailable'}>

export interface ProvidingGroup<K extends string> {
  key: K
  source: AvailableSource
  members: string[]
}

export interface MissingGroup {
  /** Who lacks the signal, e.g. "llama-blog (llama.cpp server)". */
  who: string[]
  reason: string
}

export interface SignalCoverage<K extends string> {
  providers: ProvidingGroup<K>[]
  missing: MissingGroup[]
}

/** Groups sorted by key, so panels and notes do not depend on the fleet's order. */
function sortedGroups<T, K extends string>(items: readonly T[], key: (item: T) => K): [K, T[]][] {
  return groupBy(items, key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function collectMissing(missing: MissingGroup[]): MissingGroup[] {
  const byReason = new Map<string, string[]>()
  for (const m of missing) {
    const who = byReason.get(m.reason)
    if (who) who.push(...m.who)
    else byReason.set(m.reason, [...m.who])
  }
  return [...byReason.entries()].map(([reason, who]) => ({reason, who: [...who].sort()}))
}

export function serverCoverage(signal: ServerSignal, servers: readonly ModelServer[]): SignalCoverage<RuntimeId> {
  const providers: ProvidingGroup<RuntimeId>[] = []
  const missing: MissingGroup[] = []
  for (const [runtime, group] of sortedGroups(servers, (s) => s.runtime.id)) {
    // The fleet's resolved profile: a signal a runtime takes from its logs exists only where they are shipped.
    const source = group[0]!.runtime.signals[signal]
    const names = group.map((s) => s.name)
    if (isAvailable(source)) providers.push({key: runtime, members: names, source})
    else missing.push({reason: source.reason, who: names})
  }
  return {missing: collectMissing(missing), providers}
}

/** The exporter (or inferwatch's textfile collector) a node must run for a source's series to exist. */
function nodeExportsSource(node: FleetNode, source: AvailableSource): string | null {
  for (const name of sourceMetricNames(source)) {
    const from = metricFact(name)?.source
    if (from === 'inferwatch' && node.textfileDirectory === null) return 'the textfile collector is off on this node'
    if ((NODE_EXPORTER_IDS as readonly string[]).includes(from ?? '') && !node.exporters.some((e) => e.id === from)) {
      return `${from} is not enabled on this node`
    }
  }
  return null
}

export function sourceMetricNames(source: AvailableSource): string[] {
  if (source.kind === 'counter') return source.series.flatMap((s) => analyzePromql(s).metricNames)
  if (source.kind === 'gauge') return analyzePromql(source.series).metricNames
  if (source.kind === 'histogram') return [`${source.metric}_bucket`]
  return analyzePromql(source.expr).metricNames
}

function nodeGroupCoverage<K extends string>(
  entries: {key: K; node: FleetNode; source: SignalSource}[],
): SignalCoverage<K> {
  const providers: ProvidingGroup<K>[] = []
  const missing: MissingGroup[] = []
  for (const [key, group] of sortedGroups(entries, (e) => e.key)) {
    const source = group[0]!.source
    if (!isAvailable(source)) {
      missing.push({reason: source.reason, who: group.map((e) => e.node.name)})
      continue
    }
    const members: string[] = []
    for (const {node} of group) {
      const why = nodeExportsSource(node, source)
      if (why === null) members.push(node.name)
      else missing.push({reason: why, who: [node.name]})
    }
    if (members.length > 0) providers.push({key, members, source})
  }
  return {missing: collectMissing(missing), providers}
}

export function nodeCoverage(signal: NodeSignal, nodes: readonly FleetNode[]): SignalCoverage<HardwareId> {
  return nodeGroupCoverage(nodes.map((node) => ({key: node.hardware.id, node, source: HARDWARE[node.hardware.id].signals[signal]})))
}

/**
 * Only accelerators of the signal's family are asked (GPU signals of GPUs, NPU signals of NPUs), so a
 * GPU panel does not list every Hailo board as "not a GPU". The family is the signal's prefix.
 */
export function acceleratorCoverage(signal: AcceleratorSignal, nodes: readonly FleetNode[]): SignalCoverage<AcceleratorId> {
  const family = signal.startsWith('gpu') ? 'gpu' : 'npu'
  const inFamily = (id: AcceleratorId) =>
    Object.entries(ACCELERATORS[id].signals).some(([name, source]) => name.startsWith(family) && isAvailable(source))
  return nodeGroupCoverage(
    nodes.flatMap((node) =>
      node.accelerators.filter((a) => inFamily(a.id)).map((a) => ({key: a.id, node, source: ACCELERATORS[a.id].signals[signal]})),
    ),
  )
}

export function isCovered<K extends string>(coverage: SignalCoverage<K>): boolean {
  return coverage.providers.length > 0
}

/** Names of the servers or nodes that provide the signal, e.g. to draw only their SLO lines. */
export function coveredNames<K extends string>(coverage: SignalCoverage<K>): Set<string> {
  return new Set(coverage.providers.flatMap((p) => p.members))
}

export function onlyCovered<T extends {name: string}, K extends string>(items: readonly T[], coverage: SignalCoverage<K>): T[] {
  const names = coveredNames(coverage)
  return items.filter((item) => names.has(item.name))
}
