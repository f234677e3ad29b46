import type {Node} from 'yaml'

import {checkPromql} from '../promql/check-expression.js'
import {replaceGrafanaVariables} from '../promql/grafana-variables.js'
import type {UnitContext} from '../unit.js'
import {entries, get, items, str} from '../yaml-nodes.js'
import {checkFleetSelector} from './fleet-cross-checks.js'

/** One panel in either dashboard schema (classic JSON or v2 elements). */
interface PanelModel {
  node: Node
  id?: {value: string; node: Node}
  title?: string
  type: string
  hasUnit: boolean
  grid?: {x: number; y: number; w: number; h: number; node: Node}
  queries: {expr: Node; datasourceType?: string}[]
  datasources: Node[]
  /** Inside a row: collapsed rows keep their panels' positions, which may overlap the rows below. */
  nested: boolean
}

/** Panel types that draw numbers, so a unit and a title matter. */
const DATA_PANELS = new Set(['timeseries', 'graph', 'stat', 'gauge', 'bargauge', 'barchart', 'heatmap', 'histogram', 'piechart', 'state-timeline', 'status-history', 'table', 'trend', 'xychart'])
const UNIT_PANELS = new Set(['timeseries', 'graph', 'stat', 'gauge', 'bargauge', 'barchart', 'trend'])
const BUILT_IN_DATASOURCES = new Set(['-- Mixed --', '-- Grafana --', '-- Dashboard --', 'grafana', '__expr__', 'default'])
/** LogQL line filters, parsers and byte functions: a Loki query, not PromQL. */
const LOGQL = /\|[=~]|\|\s*(json|logfmt|regexp|pattern|line_format|label_format|unwrap|drop|keep|decolorize|unpack)\b|bytes_(rate|over_time)\s*\(/

export function checkDashboard(ctx: UnitContext): void {
  const root = ctx.unit.root
  const dashboard = get(root, 'dashboard') ?? root
  const v2 = get(dashboard, 'spec') && get(get(dashboard, 'spec'), 'elements') ? get(dashboard, 'spec') : get(dashboard, 'elements') ? dashboard : undefined
  const panels = v2 ? v2Panels(v2) : classicPanels(dashboard)
  checkPanels(ctx, panels)
}

function classicPanels(dashboard: unknown): PanelModel[] {
  const out: PanelModel[] = []
  const visit = (panel: Node, nested: boolean) => {
    const type = str(get(panel, 'type')) ?? ''
    for (const child of items(get(panel, 'panels'))) visit(child, true)
    if (type === 'row') return
    const grid = get(panel, 'gridPos')
    const panelDatasource = get(panel, 'datasource')
    const panelType = str(get(panelDatasource, 'type'))
    const queries = items(get(panel, 'targets'))
      .map((target) => ({datasourceType: str(get(get(target, 'datasource'), 'type')) ?? panelType, expr: get(target, 'expr')}))
      .filter((q): q is {expr: Node; datasourceType: string | undefined} => q.expr !== undefined && q.expr !== null)
    const idNode = get(panel, 'id')
    const yaxisFormat = items(get(panel, 'yaxes')).some((axis) => str(get(axis, 'format')) && str(get(axis, 'format')) !== 'short')
    out.push({
      datasources: [panelDatasource, ...items(get(panel, 'targets')).map((t) => get(t, 'datasource'))].filter((d): d is Node => d !== undefined && d !== null),
      grid: grid && numbersOf(grid, ['x', 'y', 'w', 'h']) ? {...numbersOf(grid, ['x', 'y', 'w', 'h'])!, node: grid} : undefined,
      hasUnit: Boolean(str(get(get(get(panel, 'fieldConfig'), 'defaults'), 'unit'))) || yaxisFormat,
      id: idNode !== undefined && str(idNode) !== undefined ? {node: idNode, value: str(idNode)!} : undefined,
      nested,
      node: panel,
      queries,
      title: str(get(panel, 'title')),
      type,
    })
  }
  for (const panel of items(get(dashboard, 'panels'))) visit(panel, false)
  for (const row of items(get(dashboard, 'rows'))) for (const panel of items(get(row, 'panels'))) visit(panel, true)
  return out
}

function v2Panels(spec: unknown): PanelModel[] {
  const layout = new Map<string, Node>()
  const collectLayout = (node: unknown) => {
    for (const item of items(get(get(node, 'spec'), 'items'))) {
      const itemSpec = get(item, 'spec')
      const name = str(get(get(itemSpec, 'element'), 'name'))
      if (name && itemSpec) layout.set(name, itemSpec)
      if (get(itemSpec, 'layout')) collectLayout(get(itemSpec, 'layout'))
    }
    for (const row of items(get(get(node, 'spec'), 'rows'))) collectLayout(get(get(row, 'spec'), 'layout'))
  }
  collectLayout(get(spec, 'layout'))
  const out: PanelModel[] = []
  for (const {key, value} of entries(get(spec, 'elements'))) {
    if (!value || str(get(value, 'kind')) !== 'Panel') continue
    const panel = get(value, 'spec')!
    const viz = get(panel, 'vizConfig')
    const type = str(get(viz, 'group')) ?? str(get(viz, 'kind')) ?? ''
    const queries: PanelModel['queries'] = []
    const datasources: Node[] = []
    for (const query of items(get(get(get(panel, 'data'), 'spec'), 'queries'))) {
      const querySpec = get(query, 'spec')
      const inner = get(querySpec, 'query')
      const expr = get(get(inner, 'spec'), 'expr')
      const datasourceType = str(get(inner, 'group')) ?? str(get(inner, 'kind'))
      if (expr) queries.push({datasourceType: datasourceType === 'DataQuery' ? undefined : datasourceType, expr})
      for (const ds of [get(querySpec, 'datasource'), get(inner, 'datasource')]) if (ds) datasources.push(ds)
    }
    const grid = layout.get(key)
    const numbers = grid ? numbersOf(grid, ['x', 'y', 'width', 'height']) : undefined
    const idNode = get(panel, 'id')
    out.push({
      datasources,
      grid: numbers && grid ? {h: numbers.height, node: grid, w: numbers.width, x: numbers.x, y: numbers.y} : undefined,
      hasUnit: Boolean(str(get(get(get(get(viz, 'spec'), 'fieldConfig'), 'defaults'), 'unit'))),
      id: idNode && str(idNode) !== undefined ? {node: idNode, value: str(idNode)!} : undefined,
      nested: false,
      node: value,
      queries,
      title: str(get(panel, 'title')),
      type,
    })
  }
  return out
}

function numbersOf<K extends string>(node: unknown, keys: readonly K[]): Record<K, number> | undefined {
  const out = {} as Record<K, number>
  for (const key of keys) {
    const value = Number(str(get(node, key)))
    if (!Number.isFinite(value)) return undefined
    out[key] = value
  }
  return out
}

function checkPanels(ctx: UnitContext, panels: PanelModel[]): void {
  const ids = new Map<string, PanelModel>()
  for (const panel of panels) {
    const label = panel.title ? `panel "${panel.title}"` : `panel ${panel.id?.value ?? ''}`.trim()
    if (panel.id) {
      if (ids.has(panel.id.value)) ctx.report('dashboard/duplicate-panel-id', panel.id.node, `panel id ${panel.id.value} is used by ${ids.get(panel.id.value)!.title ? `panel "${ids.get(panel.id.value)!.title}"` : 'another panel'} too`)
      else ids.set(panel.id.value, panel)
    }
    const isData = DATA_PANELS.has(panel.type) || panel.queries.length > 0
    if (isData && !panel.title?.trim()) ctx.report('dashboard/panel-without-title', panel.node, `${panel.type || 'data'} panel without a title`)
    if (UNIT_PANELS.has(panel.type) && panel.queries.length > 0 && !panel.hasUnit) ctx.report('dashboard/panel-without-unit', panel.node, `${label} has no unit (fieldConfig.defaults.unit)`)
    for (const datasource of panel.datasources) checkDatasource(ctx, datasource, label)
    for (const query of panel.queries) {
      if (query.datasourceType && query.datasourceType !== 'prometheus') continue
      const text = ctx.text(query.expr)
      if (!text || text.text.trim() === '' || LOGQL.test(text.text)) continue
      const replaced = replaceGrafanaVariables(text)
      checkPromql({
        expr: replaced.expr,
        facts: ctx.facts,
        onSelector: (_, matchers) => checkFleetSelector(ctx, matchers, replaced.expr),
        original: replaced.original,
        report: ctx.reporter,
        variables: replaced.variables,
      })
    }
  }
  checkOverlaps(ctx, panels)
}

function checkDatasource(ctx: UnitContext, node: Node, label: string): void {
  const uid = str(node) ?? str(get(node, 'uid'))
  if (uid === undefined || uid === '' || uid.includes('$') || BUILT_IN_DATASOURCES.has(uid)) return
  ctx.report('dashboard/datasource-not-templated', node, `${label} uses the fixed datasource "${uid}": use a datasource variable such as \${datasource}`)
}

function checkOverlaps(ctx: UnitContext, panels: PanelModel[]): void {
  const placed = panels.filter((p) => !p.nested && p.grid && p.grid.w > 0 && p.grid.h > 0).sort((a, b) => a.grid!.y - b.grid!.y || a.grid!.x - b.grid!.x)
  for (let i = 0; i < placed.length; i++) {
    const a = placed[i]!.grid!
    for (let j = i + 1; j < placed.length; j++) {
      const b = placed[j]!.grid!
      if (b.y >= a.y + a.h) break
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        ctx.report('dashboard/overlapping-panels', b.node, `panel "${placed[j]!.title ?? placed[j]!.id?.value ?? '?'}" overlaps panel "${placed[i]!.title ?? placed[i]!.id?.value ?? '?'}" on the grid`)
      }
    }
  }
}
