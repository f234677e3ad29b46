import {labelEquals, labelMatchesOneOf, labelNotEquals} from './matchers.js'

/**
 * Alert names the inhibitions key on, as the rule catalog (rules/alerts/*.yml) names them; a test
 * checks each exists there with the severity assumed here.
 */
export const INHIBITING_ALERTS = {modelServerDown: 'ModelServerDown', nodeDown: 'NodeDown'} as const

/**
 * Critical alerts whose warning form has a different name, so "critical mutes the same alert's
 * warning" cannot see they belong together. `equal` is what makes two firings the same subject.
 */
export const SEVERITY_PAIRS = [
  {critical: 'NodeOverheatCritical', warnings: ['NodeOverheatWarning'], equal: ['node']},
  // A fast error-budget burn already pages; the slow burn and the plain error-ratio alert say the same thing more quietly.
  {critical: 'ErrorBudgetFastBurn', warnings: ['ErrorBudgetSlowBurn', 'HighErrorRatio'], equal: ['node', 'server']},
] as const

export interface InhibitRule {
  source_matchers: string[]
  target_matchers: string[]
  equal: string[]
}

/** "This alert makes those redundant": the source mutes every target that agrees on all `equal` labels. */
function mutes(source: string[], target: string[], equal: readonly string[]): InhibitRule {
  return {source_matchers: source, target_matchers: target, equal: [...equal]}
}

export function renderInhibitRules(): InhibitRule[] {
  const {modelServerDown, nodeDown} = INHIBITING_ALERTS
  return [
    // A node that is down explains every other alert about it: its servers, disks, temperature.
    mutes([labelEquals('alertname', nodeDown)], [labelNotEquals('alertname', nodeDown)], ['node']),
    // A model server that is down explains its latency, error and saturation alerts.
    mutes([labelEquals('alertname', modelServerDown)], [labelNotEquals('alertname', modelServerDown)], ['node', 'server']),
    // The critical form of an alert makes its warning form noise.
    mutes([labelEquals('severity', 'critical')], [labelEquals('severity', 'warning')], ['alertname', 'node', 'server']),
    ...SEVERITY_PAIRS.map((pair) =>
      mutes([labelEquals('alertname', pair.critical)], [labelMatchesOneOf('alertname', pair.warnings)], pair.equal),
    ),
  ]
}
