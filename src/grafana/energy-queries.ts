import {HARDWARE} from '../catalog/index.js'
import type {FleetNode, ModelServer} from '../normalize/fleet-model.js'
import {aggregate, eq, type Matcher, scopeExpression} from './promql.js'
import {legendFor, type PanelQuery, sourceExpression} from './queries.js'
import {recordedNodeSignal, type RecordedRules} from './recorded.js'
import {nodeSelector} from './node-selection.js'
import {nodeUpSelector} from './series.js'
import {nodeCoverage, serverCoverage} from './signal-sources.js'

/**
 * Energy and cost. Watts are measured where the catalog's power signal is exported and estimated
 * from the node's configured watts elsewhere (times `up`, so a node that is down draws nothing).
 */

const HOURS_PER_DAY = 24
/** A calendar month on average: 365.25 days / 12 × 24 h. */
export const HOURS_PER_MONTH = 730.5
/** Trailing window for "per day" figures. */
const DAY = '1d'

export interface WattSources {
  /**
   * Gauge selectors in watts, one per hardware (and base watts) that measures power, with the nodes
   * they cover, what the reading covers, and the watts added per node for the rest of it.
   */
  measured: {selector: string; nodes: string[]; select: Matcher[]; covers: string; baseWatts: number}[]
  /** Nodes without a power reading, grouped by their configured watts. */
  estimated: {watts: number; nodes: string[]; select: Matcher[]}[]
}

/**
 * Measured watts come from the power recording rule where the fleet's rules define it for the
 * hardware, else from the catalog's gauge; both are summed per node.
 */
export function wattSources(nodes: readonly FleetNode[], records?: RecordedRules): WattSources {
  const coverage = nodeCoverage('power', nodes)
  const recorded = recordedNodeSignal('power')
  const selector = nodeSelector(nodes)
  const measured = coverage.providers.flatMap((group) => {
    const covers = HARDWARE[group.key].powerCoverage?.covers ?? 'the whole node'
    // Nodes of one hardware may have different base watts only through the fleet's per-hardware
    // setting, which they share; grouping keeps that general all the same.
    const byBase = new Map<number, string[]>()
    for (const name of group.members) {
      const base = selector.node(name).baseWatts
      const names = byBase.get(base)
      if (names) names.push(name)
      else byBase.set(base, [name])
    }
    return [...byBase.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([baseWatts, members]) => {
        const select = selector.select(members)
        const matchers = select[0]!.label === 'hardware' ? select : [eq('hardware', group.key), ...select]
        if (recorded && records?.has(recorded.record, HARDWARE[group.key].title)) {
          return [{baseWatts, covers, nodes: members, select, selector: scopeExpression(recorded.record, matchers)}]
        }
        return group.source.kind === 'gauge' ? [{baseWatts, covers, nodes: members, select, selector: scopeExpression(group.source.series, matchers)}] : []
      })
  })
  const measuredNodes = new Set(measured.flatMap((m) => m.nodes))
  const byWatts = new Map<number, string[]>()
  for (const node of nodes) {
    if (measuredNodes.has(node.name)) continue
    const names = byWatts.get(node.watts)
    if (names) names.push(node.name)
    else byWatts.set(node.watts, [node.name])
  }
  const estimated = [...byWatts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([watts, names]) => ({nodes: names.sort(), select: selector.select(names), watts}))
  return {estimated, measured}
}

/** A measured reading per node, plus the base watts of what it leaves out while the node is up. */
function measuredWatts(m: WattSources['measured'][number], over: (selector: string) => string = (s) => s): string {
  const reading = aggregate('sum', ['node'], over(m.selector))
  return m.baseWatts === 0 ? reading : `${reading} + ${m.baseWatts} * ${aggregate('max', ['node'], over(nodeUpSelector(m.select)))}`
}

/** Watts per node now: one query per measuring hardware plus one per estimate. */
export function wattsPerNode(sources: WattSources): PanelQuery[] {
  return [
    ...sources.measured.map((m) => ({expr: measuredWatts(m), legend: legendFor(['node'], m.baseWatts === 0 ? 'measured' : `measured + ${m.baseWatts} W`)})),
    ...sources.estimated.map((e) => ({expr: `${e.watts} * ${aggregate('max', ['node'], nodeUpSelector(e.select))}`, legend: legendFor(['node'], 'estimated')})),
  ]
}

/** Average watts over the trailing day, per node. */
function dailyAverageWatts(sources: WattSources): string[] {
  return [
    ...sources.measured.map((m) => measuredWatts(m, (s) => `avg_over_time(${s}[${DAY}])`)),
    ...sources.estimated.map((e) => `${e.watts} * ${aggregate('max', ['node'], `avg_over_time(${nodeUpSelector(e.select)}[${DAY}])`)}`),
  ]
}

export function kwhPerDayPerNode(sources: WattSources): PanelQuery[] {
  return dailyAverageWatts(sources).map((watts) => ({expr: `${watts} * ${HOURS_PER_DAY} / 1000`, legend: legendFor(['node'])}))
}

/** A whole-fleet sum that stays defined when one part has no series yet. */
function fleetSum(parts: readonly string[]): string {
  return parts.map((p) => `(sum(${p}) or vector(0))`).join(' + ')
}

export function fleetKwhPerDay(sources: WattSources): string {
  return `(${fleetSum(dailyAverageWatts(sources))}) * ${HOURS_PER_DAY} / 1000`
}

export function fleetCostPerMonth(sources: WattSources, pricePerKwh: number): string {
  return `(${fleetSum(dailyAverageWatts(sources))}) / 1000 * ${HOURS_PER_MONTH} * ${pricePerKwh}`
}

export function costPerMonthPerNode(sources: WattSources, pricePerKwh: number): PanelQuery[] {
  return dailyAverageWatts(sources).map((watts) => ({
    expr: `${watts} / 1000 * ${HOURS_PER_MONTH} * ${pricePerKwh}`,
    instant: true,
    legend: legendFor(['node']),
  }))
}

/** Fleet tokens generated per second, summed over every runtime that counts them. */
export function fleetTokensPerSecond(servers: readonly ModelServer[]): string | null {
  const coverage = serverCoverage('generatedTokens', servers)
  if (coverage.providers.length === 0) return null
  const parts = coverage.providers.map((g) => sourceExpression(g.source, {kind: 'rate'}, {by: [], matchers: []}, 'sum'))
  return parts.map((p) => `(${p} or vector(0))`).join(' + ')
}

/**
 * Energy cost per million generated tokens: the fleet's cost per second over its tokens per
 * second. Empty (not infinite) while no tokens are generated.
 */
export function energyCostPerMillionTokens(sources: WattSources, pricePerKwh: number, tokens: string): string {
  const current = [
    ...sources.measured.map((m) => measuredWatts(m)),
    ...sources.estimated.map((e) => `${e.watts} * ${aggregate('max', ['node'], nodeUpSelector(e.select))}`),
  ]
  const costPerSecond = `(${fleetSum(current)}) / 1000 * ${pricePerKwh} / 3600`
  return `${costPerSecond} / ((${tokens}) > 0) * 1000000`
}
