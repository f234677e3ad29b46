import type {Backup, DriftJob, Fleet, FleetNode, ModelServer, Thresholds} from '../../normalize/fleet-model.js'
import {DEFAULTS} from '../../normalize/defaults.js'
import {parseDuration} from '../../schema/primitives.js'
import type {AlertScope} from './rule-catalog-schema.js'

/**
 * The Fleet-model values a rule may use as thresholds, by path. Rules name a knob, never a number,
 * so every threshold has one default (normalize/defaults.ts) and one place a fleet overrides it.
 */
export interface KnobOwners {
  fleet: Fleet
  node?: FleetNode
  server?: ModelServer
  drift?: DriftJob
  backup?: Backup
}

interface Knob {
  owner: 'fleet' | 'node' | 'server' | 'drift' | 'backup'
  read: (owners: KnobOwners) => number | undefined
}

const thresholdKnobs = Object.fromEntries(
  (Object.keys(DEFAULTS.thresholds) as (keyof Thresholds)[]).map((key): [string, Knob] => [
    `fleet.thresholds.${key}`,
    {owner: 'fleet', read: (o) => o.fleet.thresholds[key]},
  ]),
)

export const KNOBS: Readonly<Record<string, Knob>> = {
  ...thresholdKnobs,
  'backup.maxAgeSeconds': {owner: 'backup', read: (o) => (o.backup ? parseDuration(o.backup.maxAge) : undefined)},
  /** The longest gap between two scheduled runs: a daily job is not late after an hour. */
  'drift.scheduleIntervalSeconds': {owner: 'drift', read: (o) => o.drift?.scheduleIntervalSeconds},
  'drift.threshold': {owner: 'drift', read: (o) => o.drift?.threshold},
  'drift.windowSeconds': {owner: 'drift', read: (o) => (o.drift ? parseDuration(o.drift.window) : undefined)},
  'node.temperature.critical': {owner: 'node', read: (o) => o.node?.temperature.critical},
  'node.temperature.warning': {owner: 'node', read: (o) => o.node?.temperature.warning},
  'server.slo.availability': {owner: 'server', read: (o) => o.server?.slo.availability},
  /** 1 − availability: the share of requests the SLO allows to fail, which burn rates multiply. */
  'server.slo.errorBudget': {owner: 'server', read: (o) => (o.server ? Number((1 - o.server.slo.availability).toPrecision(12)) : undefined)},
  'server.slo.errorRatio': {owner: 'server', read: (o) => o.server?.slo.errorRatio},
  'server.slo.latencyP99Seconds': {owner: 'server', read: (o) => o.server?.slo.latencyP99Seconds},
  'server.slo.ttftP95Seconds': {owner: 'server', read: (o) => o.server?.slo.ttftP95Seconds},
  'server.slo.interTokenLatencyP95Seconds': {owner: 'server', read: (o) => o.server?.slo.interTokenLatencyP95Seconds},
}

/** Which knob owners an entity of each scope has. */
const OWNERS_BY_SCOPE: Record<AlertScope, readonly Knob['owner'][]> = {
  backup: ['fleet', 'backup'],
  canary: ['fleet'],
  drift: ['fleet', 'drift'],
  fleet: ['fleet'],
  logging: ['fleet'],
  node: ['fleet', 'node'],
  server: ['fleet', 'server'],
  target: ['fleet'],
  tls: ['fleet'],
}

/** Why a knob path cannot be used in a scope, or undefined when it can. */
export function knobProblem(path: string, scope: AlertScope): string | undefined {
  const knob = KNOBS[path]
  if (!knob) return `unknown knob "${path}"; known: ${Object.keys(KNOBS).sort().join(', ')}`
  if (!OWNERS_BY_SCOPE[scope].includes(knob.owner)) return `knob "${path}" belongs to a ${knob.owner}, but the rule applies to ${scope} entities`
  return undefined
}

export function readKnob(path: string, owners: KnobOwners): number {
  const value = KNOBS[path]?.read(owners)
  if (value === undefined) throw new Error(`knob ${path} has no value for this entity`)
  return value
}
