import type * as cog from '@grafana/grafana-foundation-sdk/cog'
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'

import type {Fleet} from '../normalize/fleet-model.js'
import {buildDashboard, type Section} from './layout.js'
import {dashboardLinks, fleetTag} from './links.js'
import {grafanaUid} from './uids.js'
import {datasourceVariable} from './variables.js'

export const DASHBOARD_KINDS = ['overview', 'node', 'serving', 'drift', 'energy', 'logs'] as const
export type DashboardKind = (typeof DASHBOARD_KINDS)[number]

/** `iw-<fleet>-<kind>`: stable across regenerations, at most 40 characters. */
export function dashboardUid(fleet: Fleet, kind: DashboardKind): string {
  return grafanaUid(fleet.name, kind)
}

export interface FleetDashboardSpec {
  kind: DashboardKind
  title: string
  description: string
  /** Variables after `$datasource`, e.g. `$node`. */
  variables?: cog.Builder<dashboard.VariableModel>[]
  sections: Section[]
  datasource?: 'prometheus' | 'loki'
  from?: string
}

/** A dashboard of this fleet: its uid, tags, `$datasource` variable and links to the others and the runbooks. */
export function fleetDashboard(fleet: Fleet, spec: FleetDashboardSpec): dashboard.Dashboard {
  return buildDashboard({
    description: spec.description,
    from: spec.from,
    links: dashboardLinks(fleet),
    sections: spec.sections,
    tags: ['inferwatch', fleetTag(fleet), spec.kind],
    title: `${fleet.name} · ${spec.title}`,
    uid: dashboardUid(fleet, spec.kind),
    variables: [datasourceVariable(fleet, spec.datasource ?? 'prometheus'), ...(spec.variables ?? [])],
  })
}
