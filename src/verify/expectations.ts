import {parse} from 'yaml'

import {EXPORTERS, metricFact, RUNTIMES, type NodeExporterId, type RuntimeId} from '../catalog/index.js'
import {MONITORING_SERVICES} from '../catalog/exporters.js'
import {DASHBOARDS_DIR} from '../generators/grafana/output-paths.js'
import {PROMETHEUS_CONFIG, RULES_DIR} from '../generators/prometheus-scrape/output-paths.js'
import {ALERTMANAGER_CONFIG_PATH} from '../generators/alertmanager/index.js'
import type {OutputFile} from '../generators/types.js'
import {analyzePromql} from '../promql/parse.js'

/** What a running stack must show for the generated setup to be the one it runs. */
export interface Expectations {
  /** Every scrape target, by job and the address Prometheus discovers (`__address__` before relabelling). */
  targets: {job: string; address: string}[]
  ruleGroups: {name: string; file: string; rules: string[]}[]
  /** Every exporter or runtime metric a generated rule or panel reads, with who reads it and who provides it. */
  metrics: {name: string; readBy: string[]; provider: string}[]
  receivers: string[]
}

interface ScrapeConfig {
  job_name: string
  static_configs?: {targets: string[]}[]
  file_sd_configs?: {files: string[]}[]
}

const HISTOGRAM_SERIES = /_(bucket|sum|count)$/

/** Reads the expectations from the generated files themselves, so they cannot drift from what generate writes. */
export function expectationsOf(files: readonly OutputFile[]): Expectations {
  const byPath = new Map(files.map((f) => [f.path, f.content]))
  const ruleFiles = files.filter((f) => f.path.startsWith(`${RULES_DIR}/`))
  const ruleGroups = ruleFiles.flatMap((file) =>
    ((parse(file.content) as {groups?: {name: string; rules: {alert?: string; record?: string; expr: string}[]}[]}).groups ?? []).map((g) => ({
      file: file.path,
      name: g.name,
      rules: g.rules.map((r) => r.alert ?? r.record!),
      exprs: g.rules.map((r) => ({expr: r.expr, who: r.alert ? `alert ${r.alert}` : `recording rule ${r.record}`})),
    })),
  )
  const recorded = new Set(ruleGroups.flatMap((g) => g.rules))
  const exprsOfRecord = new Map<string, string[]>()
  for (const group of ruleGroups) for (const {expr, who} of group.exprs) if (who.startsWith('recording rule ')) exprsOfRecord.set(who.slice(15), [...(exprsOfRecord.get(who.slice(15)) ?? []), expr])
  const readers = new Map<string, Set<string>>()
  // A rule or panel that reads a recorded series reads that recording rule's metrics too.
  const read = (expr: string, who: string, seen: ReadonlySet<string> = new Set()) => {
    for (const name of analyzePromql(expr).metricNames) {
      if (recorded.has(name)) {
        if (!seen.has(name)) for (const inner of exprsOfRecord.get(name) ?? []) read(inner, seen.size === 0 ? `${who} (through ${name})` : who, new Set([...seen, name]))
        continue
      }
      if (name === 'ALERTS' || (!metricFact(name.replace(HISTOGRAM_SERIES, '')) && !metricFact(name))) continue
      readers.set(name, (readers.get(name) ?? new Set()).add(who))
    }
  }
  for (const group of ruleGroups) for (const {expr, who} of group.exprs) read(expr, who)
  for (const file of files.filter((f) => f.path.startsWith(`${DASHBOARDS_DIR}/`) && f.path.endsWith('.json'))) {
    const dashboard = JSON.parse(file.content) as Panel & {title: string}
    for (const {expr, panel} of panelQueries(dashboard)) read(withoutGrafanaVariables(expr), `panel "${panel}" of dashboard "${dashboard.title}"`)
  }
  return {
    metrics: [...readers]
      .map(([name, who]) => ({name, provider: providerOf(name), readBy: [...who].sort()}))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    receivers: receiversOf(byPath.get(ALERTMANAGER_CONFIG_PATH)),
    ruleGroups: ruleGroups.map(({file, name, rules}) => ({file, name, rules})),
    targets: targetsOf(byPath),
  }
}

function targetsOf(byPath: Map<string, string>): Expectations['targets'] {
  const config = byPath.get(PROMETHEUS_CONFIG)
  if (config === undefined) return []
  const jobs = (parse(config) as {scrape_configs?: ScrapeConfig[]}).scrape_configs ?? []
  const targets = jobs.flatMap((job) => [
    ...(job.static_configs ?? []).flatMap((s) => s.targets),
    // file_sd paths are relative to the config file's folder.
    ...(job.file_sd_configs ?? []).flatMap((sd) =>
      sd.files.flatMap((path) => (JSON.parse(byPath.get(`prometheus/${path}`) ?? '[]') as {targets: string[]}[]).flatMap((group) => group.targets)),
    ),
  ].map((address) => ({address, job: job.job_name})))
  return targets.sort((a, b) => (a.job + a.address < b.job + b.address ? -1 : 1))
}

function receiversOf(config: string | undefined): string[] {
  if (config === undefined) return []
  return ((parse(config) as {receivers?: {name: string}[]}).receivers ?? []).map((r) => r.name).sort()
}

interface Panel {
  title?: string
  panels?: Panel[]
  targets?: {expr?: string}[]
}

function panelQueries(dashboard: Panel): {expr: string; panel: string}[] {
  return (dashboard.panels ?? []).flatMap((panel) => [
    ...(panel.targets ?? []).flatMap((t) => (t.expr ? [{expr: t.expr, panel: panel.title ?? '(untitled)'}] : [])),
    ...panelQueries(panel),
  ])
}

/** Grafana's `$__rate_interval` and `$server` are not PromQL; stand-ins that parse keep the metric names. */
export function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_)?interval|\$__range/g, '5m').replace(/\$\{?\w+\}?/g, 'x')
}

/** Who is expected to expose a metric, as a person would name it: the exporter or runtime and its scrape job. */
function providerOf(series: string): string {
  const fact = metricFact(series) ?? metricFact(series.replace(HISTOGRAM_SERIES, ''))
  const source = fact?.source ?? 'unknown'
  if (source in RUNTIMES) return `${RUNTIMES[source as RuntimeId].title} (job model-${source})`
  const exporter = Object.values(EXPORTERS).find((e) => e.id === (source as NodeExporterId))
  if (exporter) return `${exporter.title} (job ${exporter.job})`
  const services: Record<string, string> = {
    'blackbox-exporter': `${MONITORING_SERVICES.blackbox.title} (probe jobs)`,
    'fluent-bit': `${MONITORING_SERVICES.fluentBit.title} (job fluent-bit)`,
    inferwatch: 'inferwatch’s node agents and jobs (textfile collector or Pushgateway)',
    prometheus: MONITORING_SERVICES.prometheus.title,
  }
  return services[source] ?? source
}
