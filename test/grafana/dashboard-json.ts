import {parse as parseYaml} from 'yaml'

import {grafanaGenerator} from '../../src/generators/grafana/index.js'
import {runGenerators} from '../../src/generators/run-generators.js'
import type {OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'

/** The parts of Grafana's dashboard JSON the tests read. */
export interface PanelJson {
  id: number
  type: string
  title?: string
  description?: string
  gridPos: {x: number; y: number; w: number; h: number}
  datasource?: {type?: string; uid?: string}
  targets?: {expr: string; refId: string; datasource?: {type?: string; uid?: string}}[]
  fieldConfig?: {defaults?: {unit?: string}}
  panels?: PanelJson[]
  collapsed?: boolean
}

export interface DashboardJson {
  uid: string
  title: string
  schemaVersion: number
  panels: PanelJson[]
  templating: {list: {name: string; type: string; query?: unknown; datasource?: {uid?: string}; current?: {value?: string}}[]}
}

export interface GeneratedDashboard {
  path: string
  json: DashboardJson
}

export function dashboardsOf(files: readonly OutputFile[]): GeneratedDashboard[] {
  return files
    .filter((f) => f.path.startsWith('grafana/dashboards/') && f.path.endsWith('.json'))
    .map((f) => ({json: JSON.parse(f.content) as DashboardJson, path: f.path}))
}

export function generateDashboards(fleet: Fleet): GeneratedDashboard[] {
  return dashboardsOf(grafanaGenerator.generate(fleet).files)
}

/** Every panel, rows and the panels of collapsed rows included. */
export function allPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])])
}

export function queriesOf(dashboard: DashboardJson): {panel: PanelJson; expr: string; language: string}[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({expr: t.expr, language: t.datasource?.type ?? panel.datasource?.type ?? 'prometheus', panel})),
  )
}

/** Names of every recording rule in the full output (prometheus/rules/*.yml) of every registered generator. */
export function recordedNames(fleet: Fleet): Set<string> {
  const names = new Set<string>()
  for (const file of runGenerators(fleet)) {
    if (!/^prometheus\/rules\/.+\.ya?ml$/.test(file.path)) continue
    const doc = parseYaml(file.content) as {groups?: {rules?: {record?: string}[]}[]} | null
    for (const group of doc?.groups ?? []) for (const rule of group.rules ?? []) if (rule.record) names.add(rule.record)
  }
  return names
}

/**
 * Grafana replaces its interval variables before the query reaches Prometheus or Loki; the parsers
 * see what Prometheus sees. Template variables only appear inside string literals.
 */
export function interpolateIntervals(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range|auto)\b/g, '5m')
}

/** Template variables as Grafana fills them when "All" is picked: each variable's allValue; intervals as above. */
export function interpolateVariables(dashboard: DashboardJson, expr: string): string {
  let out = interpolateIntervals(expr)
  for (const variable of dashboard.templating.list) {
    const all = (variable as {allValue?: string}).allValue
    if (all !== undefined) out = out.replaceAll(`$${variable.name}`, all)
  }
  return out
}

/** Ranges of every rate()/increase()/irate() call, found by matching parentheses. */
export function rangedCalls(expr: string): string[] {
  const calls: string[] = []
  const pattern = /\b(?:rate|irate|increase)\(/g
  for (let match = pattern.exec(expr); match; match = pattern.exec(expr)) {
    let depth = 0
    let end = match.index + match[0].length - 1
    for (; end < expr.length; end++) {
      if (expr[end] === '(') depth++
      if (expr[end] === ')' && --depth === 0) break
    }
    calls.push(expr.slice(match.index, end + 1))
  }
  return calls
}
