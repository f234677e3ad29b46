import type * as cog from '@grafana/grafana-foundation-sdk/cog'
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'

import type {Panel} from './panels.js'

/**
 * Turns titled sections of panels into an SDK dashboard: one row per section, panels packed into
 * lines that fill the 24-column grid exactly, ids numbered in order. The SDK places panels left to
 * right and wraps at 24 columns, so lines that sum to 24 never overlap or overflow.
 */

export const GRID_WIDTH = 24

export interface Section {
  title: string
  panels: Panel[]
  /** Panels per line (a divisor of 24); wider panels read better for time series. */
  columns?: 1 | 2 | 3 | 4 | 6
  /**
   * A collapsed row holds its panels, which Grafana neither draws nor queries until it is opened:
   * for sections that repeat per entity of a big fleet.
   */
  collapsed?: boolean
}

export interface DashboardSpec {
  uid: string
  title: string
  description: string
  tags: string[]
  variables: cog.Builder<dashboard.VariableModel>[]
  links: dashboard.DashboardLinkBuilder[]
  sections: Section[]
  /** Default time range, e.g. `now-6h`. */
  from?: string
}

/** Splits panels into lines: full-width panels alone, the rest `columns` at a time. */
export function packLines(panels: readonly Panel[], columns: number): Panel[][] {
  const lines: Panel[][] = []
  let current: Panel[] = []
  for (const panel of panels) {
    if (panel.fullWidth) {
      if (current.length > 0) lines.push(current)
      lines.push([panel])
      current = []
      continue
    }
    current.push(panel)
    if (current.length === columns) {
      lines.push(current)
      current = []
    }
  }
  if (current.length > 0) lines.push(current)
  return lines
}

/** Widths for a line of n panels that add up to exactly 24. */
export function lineWidths(n: number): number[] {
  const base = Math.floor(GRID_WIDTH / n)
  return Array.from({length: n}, (_, i) => (i === n - 1 ? GRID_WIDTH - base * (n - 1) : base))
}

export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(spec.tags)
    .readonly()
    .timezone('browser')
    .time({from: spec.from ?? 'now-6h', to: 'now'})
    .refresh('1m')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .variables(spec.variables)
    .links(spec.links)
  let nextId = 1
  for (const section of spec.sections) {
    if (section.panels.length === 0) continue
    const row = new dashboard.RowBuilder(section.title).id(nextId++)
    // The SDK lays out a collapsed row's panels below it, as they will sit once the row is opened.
    const place = section.collapsed ? (panel: cog.Builder<dashboard.Panel>) => row.withPanel(panel) : (panel: cog.Builder<dashboard.Panel>) => builder.withPanel(panel)
    if (!section.collapsed) builder.withRow(row)
    for (const line of packLines(section.panels, section.columns ?? 3)) {
      const height = Math.max(...line.map((p) => p.height))
      const widths = lineWidths(line.length)
      line.forEach((panel, i) => place(panel.builder.id(nextId++).span(widths[i]!).height(height)))
    }
    if (section.collapsed) builder.withRow(row)
  }
  return builder.build()
}
