import type {NodeSignal, ServerSignal} from '../catalog/index.js'
import {fleetRules, RECORDED} from '../generators/prometheus-rules/index.js'
import type {Fleet} from '../normalize/fleet-model.js'

/**
 * Which dashboard aggregates the generated recording rules precompute. The rule names belong to
 * the Prometheus rules generator (RECORDED); this adapter is the only place dashboards learn them,
 * and it asks the fleet's instantiated rule set, so a panel uses a rule only where it exists.
 */
export interface RecordedSeries {
  record: string
  /** The labels the rule keeps; panels always regroup to their own labels. */
  by: readonly string[]
}

/** The recording rules this fleet's output defines, by record name and the profile each was made for. */
export interface RecordedRules {
  /** True when `record` is instantiated for the runtime or hardware profile with this title. */
  has(record: string, profileTitle: string): boolean
}

const NONE: RecordedRules = {has: () => false}
const cache = new WeakMap<Fleet, RecordedRules>()

/**
 * The fleet's recording rules. None in agent mode: an agent evaluates no rules, so dashboards must
 * read the raw series it forwards.
 */
export function recordedRules(fleet: Fleet): RecordedRules {
  if (fleet.prometheus.mode === 'agent') return NONE
  const cached = cache.get(fleet)
  if (cached) return cached
  const profiles = new Map<string, Set<string>>()
  for (const rule of fleetRules(fleet).recording) {
    const titles = profiles.get(rule.record) ?? new Set<string>()
    for (const title of profilesOf(rule)) titles.add(title)
    profiles.set(rule.record, titles)
  }
  const rules: RecordedRules = {
    has: (record, title) => {
      const titles = profiles.get(record)
      return titles !== undefined && (titles.size === 0 || titles.has(title))
    },
  }
  cache.set(fleet, rules)
  return rules
}

/**
 * The profiles (by title) a rule was instantiated for. Read structurally: when the rule set does not
 * say, the record's presence alone counts.
 */
function profilesOf(rule: {record: string}): string[] {
  const {entities, entity} = rule as {entities?: unknown; entity?: unknown}
  if (Array.isArray(entities)) return entities.map(String)
  return typeof entity === 'string' ? [entity] : []
}

/** Labels `server:` rules keep (see rules/recording/serving.yml). */
const SERVER_RULE_LABELS = ['server', 'model', 'stage', 'model_version', 'runtime', 'node', 'hardware', 'site', 'tenant', 'role']
/** Labels `node:` rules keep; disk free also keeps mountpoint. */
const NODE_RULE_LABELS = ['node', 'hardware', 'site', 'tenant', 'role']

type RecordedView = {kind: 'rate'} | {kind: 'current'} | {kind: 'quantile'; quantile: number}

/**
 * No quantile: the recorded ones are per server, for the alerts, and a maximum of per-server
 * quantiles is not the quantile of their requests. Panels compute theirs from the histogram,
 * summed by le and their own labels.
 */
function serverRecord(signal: ServerSignal | 'errorRatio', view: RecordedView): string | undefined {
  if (view.kind === 'quantile') return undefined
  const byView: Partial<Record<ServerSignal | 'errorRatio', string>> =
    view.kind === 'rate'
      ? {
          errorRatio: RECORDED.serverErrorRatio5m,
          errors: RECORDED.serverErrorRate,
          generatedTokens: RECORDED.serverGeneratedTokensRate,
          promptTokens: RECORDED.serverPromptTokensRate,
          requests: RECORDED.serverRequestRate,
        }
      : {kvCache: RECORDED.serverKvCacheUsageRatio, queueDepth: RECORDED.serverQueueDepth, running: RECORDED.serverRunningRequests}
  return byView[signal]
}

/** A per-server aggregate (or the derived error ratio) a recording rule computes, by name. */
export function recordedServerSignal(signal: ServerSignal | 'errorRatio', view: RecordedView): RecordedSeries | undefined {
  const record = serverRecord(signal, view)
  return record === undefined ? undefined : {by: SERVER_RULE_LABELS, record}
}

const NODE_RECORDS: Partial<Record<NodeSignal, string>> = {
  cpuBusy: RECORDED.nodeCpuBusyRatio,
  diskFree: RECORDED.nodeDiskFreeRatio,
  memoryUsed: RECORDED.nodeMemoryUsedRatio,
  power: RECORDED.nodePowerWatts,
  temperature: RECORDED.nodeTemperatureCelsius,
}

export function recordedNodeSignal(signal: NodeSignal): RecordedSeries | undefined {
  const record = NODE_RECORDS[signal]
  if (record === undefined) return undefined
  return {by: signal === 'diskFree' ? [...NODE_RULE_LABELS, 'mountpoint'] : NODE_RULE_LABELS, record}
}
