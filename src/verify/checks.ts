import type {Expectations} from './expectations.js'

/** One thing about the running stack that does not match the generated setup. */
export interface Problem {
  check: 'target' | 'rule-group' | 'metric' | 'receiver'
  /** The target, group, metric or receiver concerned. */
  subject: string
  message: string
}

/** Prometheus' /api/v1/targets `activeTargets`, reduced to what the checks read. */
export interface ActiveTarget {
  discoveredLabels: Record<string, string>
  labels: Record<string, string>
  health: 'up' | 'down' | 'unknown'
  lastError: string
  scrapeUrl: string
}

/** Prometheus' /api/v1/rules groups, reduced to what the checks read. */
export interface LoadedGroup {
  name: string
  file: string
  rules: {name: string; health: string; lastError?: string}[]
}

export function checkTargets(expected: Expectations['targets'], active: readonly ActiveTarget[]): Problem[] {
  return expected.flatMap(({address, job}): Problem[] => {
    const subject = `${job} ${address}`
    const target = active.find((t) => t.discoveredLabels.job === job && t.discoveredLabels.__address__ === address)
    if (!target) return [{check: 'target', message: `${subject}: not among Prometheus' targets; is it running the generated prometheus.yml?`, subject}]
    if (target.health === 'up') return []
    const why = target.health === 'unknown' ? 'not scraped yet' : target.lastError || 'down'
    return [{check: 'target', message: `${subject}: ${target.health} (${target.scrapeUrl}): ${why}`, subject}]
  })
}

export function checkRuleGroups(expected: Expectations['ruleGroups'], loaded: readonly LoadedGroup[]): Problem[] {
  return expected.flatMap((group): Problem[] => {
    const found = loaded.filter((g) => g.name === group.name)
    if (found.length === 0) {
      return [{check: 'rule-group', message: `rule group ${group.name} (${group.file}) is not loaded; is ${group.file} in Prometheus' rule_files?`, subject: group.name}]
    }
    const rules = found.flatMap((g) => g.rules)
    const missing = [...new Set(group.rules.filter((name) => !rules.some((r) => r.name === name)))]
    const unhealthy = rules.filter((r) => r.health !== 'ok')
    return [
      ...missing.map((name) => ({check: 'rule-group' as const, message: `rule group ${group.name}: rule ${name} is not loaded (an older ${group.file}?)`, subject: group.name})),
      ...unhealthy.map((r) => ({
        check: 'rule-group' as const,
        message: `rule group ${group.name}: rule ${r.name} is ${r.health === 'unknown' ? 'not evaluated yet' : `${r.health}: ${r.lastError ?? ''}`}`,
        subject: group.name,
      })),
    ]
  })
}

/** `present` holds the names that have at least one series now. */
export function checkMetrics(expected: Expectations['metrics'], present: ReadonlySet<string>): Problem[] {
  return expected
    .filter((m) => !present.has(m.name))
    .map((m) => ({
      check: 'metric',
      message: `${m.name} has no series, but ${readers(m.readBy)} ${m.readBy.length === 1 ? 'reads' : 'read'} it; expected from ${m.provider}`,
      subject: m.name,
    }))
}

export function checkReceivers(expected: readonly string[], loaded: readonly string[]): Problem[] {
  return expected
    .filter((name) => !loaded.includes(name))
    .map((name) => ({check: 'receiver', message: `receiver ${name} is not in Alertmanager's configuration; is it running the generated alertmanager.yml?`, subject: name}))
}

/** Rules first (they page), then panels; a long list is cut short in text, --json has all of them. */
function readers(readBy: readonly string[]): string {
  const sorted = [...readBy].sort((a, b) => Number(a.startsWith('panel')) - Number(b.startsWith('panel')) || (a < b ? -1 : 1))
  return sorted.length <= 4 ? sorted.join(', ') : `${sorted.slice(0, 4).join(', ')} and ${sorted.length - 4} more`
}
