import type * as cog from '@grafana/grafana-foundation-sdk/cog'
import * as common from '@grafana/grafana-foundation-sdk/common'
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'
import {DataqueryBuilder as LokiQueryBuilder} from '@grafana/grafana-foundation-sdk/loki'
import {PanelBuilder as LogsBuilder} from '@grafana/grafana-foundation-sdk/logs'
import {DataqueryBuilder as PromQueryBuilder, PromQueryFormat} from '@grafana/grafana-foundation-sdk/prometheus'
import {PanelBuilder as StatBuilder} from '@grafana/grafana-foundation-sdk/stat'
import {PanelBuilder as TableBuilder} from '@grafana/grafana-foundation-sdk/table'
import {PanelBuilder as TextBuilder, TextMode} from '@grafana/grafana-foundation-sdk/text'
import {PanelBuilder as TimeSeriesBuilder} from '@grafana/grafana-foundation-sdk/timeseries'

import {datasourceRef} from './datasources.js'
import type {PanelQuery} from './queries.js'
import {UNITS} from './units.js'
import {escapeRegex} from '../generators/prometheus-rules/promql.js'

/**
 * Panel factories: a title, a description, a unit and queries in; an SDK panel builder out.
 * Panels never write PromQL (queries come from the query layer) and never place themselves
 * (the layout gives ids and positions).
 */

/** What the layout needs of any SDK panel builder. */
export interface PlaceableBuilder extends cog.Builder<dashboard.Panel> {
  id(id: number): this
  span(w: number): this
  height(h: number): this
}

export interface Panel {
  builder: PlaceableBuilder
  height: number
  /** Takes a whole line of its own. */
  fullWidth?: boolean
}

export interface PanelText {
  title: string
  description: string
}

export interface ThresholdStep {
  value: number
  color: 'orange' | 'red' | 'green'
}

type QueryLanguage = 'prometheus' | 'loki'

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function refId(index: number): string {
  return REF_IDS[index] ?? `Q${index}`
}

function targets(queries: readonly PanelQuery[], language: QueryLanguage, table = false): cog.Builder<cog.Dataquery>[] {
  return queries.map((query, index) => {
    if (language === 'loki') {
      return new LokiQueryBuilder().refId(refId(index)).datasource(datasourceRef('loki')).expr(query.expr).legendFormat(query.legend)
    }
    const target = new PromQueryBuilder().refId(refId(index)).datasource(datasourceRef('prometheus')).expr(query.expr).legendFormat(query.legend)
    if (table) target.format(PromQueryFormat.Table)
    return query.instant || table ? target.instant() : target.range()
  })
}

function thresholdsOf(steps: readonly ThresholdStep[], base: ThresholdStep['color'] = 'green'): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{color: base, value: null}, ...steps.map((s) => ({color: s.color, value: s.value}))])
}

export interface TimeSeriesSpec extends PanelText {
  unit: string
  queries: readonly PanelQuery[]
  language?: QueryLanguage
  /** Drawn as dashed lines, e.g. an SLO or an alert threshold. */
  thresholds?: readonly ThresholdStep[]
  /** Colour below the first threshold: red for headroom, where low is bad. */
  baseColor?: ThresholdStep['color']
  /** Per-series thresholds, by legend name (each server's own SLO). */
  seriesThresholds?: readonly {series: string; steps: readonly ThresholdStep[]}[]
  min?: number
  max?: number
  stacked?: boolean
  height?: number
  fullWidth?: boolean
}

export function timeSeries(spec: TimeSeriesSpec): Panel {
  const builder = new TimeSeriesBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(datasourceRef(spec.language ?? 'prometheus'))
    .targets(targets(spec.queries, spec.language ?? 'prometheus'))
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .lineWidth(1)
    .fillOpacity(spec.stacked ? 30 : 10)
  if (spec.stacked) builder.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
  if (spec.min !== undefined) builder.min(spec.min)
  if (spec.max !== undefined) builder.max(spec.max)
  const groups = thresholdGroups([
    ...(spec.seriesThresholds ?? []).map((t) => ({...t, by: 'name' as const})),
    ...spec.queries.flatMap((q, i) => (q.thresholds ? [{by: 'query' as const, series: refId(i), steps: q.thresholds}] : [])),
  ])
  // Without panel thresholds, the steps most series share become the panel's, so a fleet of
  // identical servers needs no override at all.
  const shared = spec.thresholds === undefined && groups.length > 0 ? groups.shift()! : undefined
  if (spec.thresholds || shared) {
    builder.thresholds(thresholdsOf(spec.thresholds ?? shared!.steps, spec.baseColor))
    builder.thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed))
  }
  for (const {by, series, steps} of groups) {
    const value = [{id: 'thresholds', value: thresholdsOf(steps).build()}]
    if (by === 'query') for (const query of series) builder.overrideByQuery(query, value)
    else if (series.length === 1) builder.overrideByName(series[0]!, value)
    else builder.overrideByRegexp(`^(?:${series.map(escapeRegex).join('|')})$`, value)
  }
  return {builder, fullWidth: spec.fullWidth, height: spec.height ?? 8}
}

/**
 * Series (by legend name) or queries (by refId) with the same steps, most first (ties in order of
 * appearance): one override per distinct set of thresholds, matching its series by one regular
 * expression, instead of one per series, which made dashboards grow by a block of JSON per node.
 * Queries that carry thresholds (one per hardware kind) need no names at all.
 */
function thresholdGroups(seriesThresholds: readonly {by: 'name' | 'query'; series: string; steps: readonly ThresholdStep[]}[]) {
  const groups = new Map<string, {by: 'name' | 'query'; series: string[]; steps: readonly ThresholdStep[]}>()
  for (const {by, series, steps} of seriesThresholds) {
    const key = `${by}:${JSON.stringify(steps)}`
    const group = groups.get(key)
    if (group) group.series.push(series)
    else groups.set(key, {by, series: [series], steps})
  }
  return [...groups.values()].sort((a, b) => b.series.length - a.series.length)
}

export interface StatSpec extends PanelText {
  unit: string
  queries: readonly PanelQuery[]
  thresholds?: readonly ThresholdStep[]
  /** Colour below the first threshold; red-then-green for "higher is better" values. */
  baseColor?: ThresholdStep['color']
  mappings?: dashboard.ValueMapping[]
  decimals?: number
  height?: number
}

export function stat(spec: StatSpec): Panel {
  const builder = new StatBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(datasourceRef('prometheus'))
    .targets(targets(spec.queries.map((q) => ({...q, instant: true})), 'prometheus'))
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.ValueAndName)
    .thresholds(thresholdsOf(spec.thresholds ?? [], spec.baseColor))
  if (spec.mappings) builder.mappings(spec.mappings)
  if (spec.decimals !== undefined) builder.decimals(spec.decimals)
  return {builder, height: spec.height ?? 4}
}

/** 1 → UP (green), 0 → DOWN (red): for `up` and `probe_success`. */
export const UP_DOWN_MAPPINGS: dashboard.ValueMapping[] = [
  {
    options: {
      '0': {color: 'red', index: 1, text: 'DOWN'},
      '1': {color: 'green', index: 0, text: 'UP'},
    },
    type: dashboard.MappingType.ValueToText,
  },
]

/** An UP/DOWN stat over `up` or `probe_success`: red unless the value is 1. */
export function upDownStat(spec: PanelText & {query: PanelQuery}): Panel {
  return stat({
    baseColor: 'red',
    description: spec.description,
    mappings: UP_DOWN_MAPPINGS,
    queries: [spec.query],
    thresholds: [{color: 'green', value: 1}],
    title: spec.title,
    unit: UNITS.upDown,
  })
}

export interface TableSpec extends PanelText {
  unit: string
  queries: readonly PanelQuery[]
  /** Columns to drop from the instant-query table (Grafana adds Time and Value). */
  hide: readonly string[]
  /** A column whose cells link somewhere, e.g. alertname → its runbook. */
  link?: {column: string; title: string; url: string}
  height?: number
}

export function table(spec: TableSpec): Panel {
  const builder = new TableBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(datasourceRef('prometheus'))
    .targets(targets(spec.queries, 'prometheus', true))
    .withTransformation({id: 'organize', options: {excludeByName: Object.fromEntries(spec.hide.map((c) => [c, true]))}})
  if (spec.link) {
    builder.overrideByName(spec.link.column, [
      {id: 'links', value: [{targetBlank: true, title: spec.link.title, url: spec.link.url}]},
    ])
  }
  return {builder, fullWidth: true, height: spec.height ?? 8}
}

export interface TextSpec extends PanelText {
  markdown: string
  height?: number
  fullWidth?: boolean
}

export function text(spec: TextSpec): Panel {
  const builder = new TextBuilder().title(spec.title).description(spec.description).unit(UNITS.none).mode(TextMode.Markdown).content(spec.markdown)
  return {builder, fullWidth: spec.fullWidth, height: spec.height ?? 4}
}

export interface LogsSpec extends PanelText {
  queries: readonly PanelQuery[]
  height?: number
}

/** Raw log lines from Loki, newest first. */
export function logs(spec: LogsSpec): Panel {
  const builder = new LogsBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(UNITS.none)
    .datasource(datasourceRef('loki'))
    .targets(targets(spec.queries, 'loki'))
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .sortOrder(common.LogsSortOrder.Descending)
  return {builder, fullWidth: true, height: spec.height ?? 10}
}
