import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import type {z} from 'zod'

import {knownSeriesNames} from '../../catalog/index.js'
import type {Diagnostic} from '../../diagnostics/diagnostic.js'
import {uniqueDiagnostics} from '../../diagnostics/diagnostic.js'
import {diagnosticAt, locate, parseYaml, type YamlSource} from '../../load/yaml-source.js'
import {schemaIssuesToDiagnostics} from '../../validate/schema-issues.js'
import {evaluateArithmetic} from './arithmetic.js'
import {selectorNames, signalsForScope} from './entities.js'
import {parseAnnotation} from './go-template.js'
import {knobProblem} from './knobs.js'
import {parsePromql, vectorSelectors} from './promql.js'
import {
  alertFileSchema,
  recordingFileSchema,
  type AbsentBranchSpec,
  type AlertEntrySpec,
  type AlertScope,
  type RecordingEntrySpec,
  type RecordingScope,
  type TestReadingSpec,
} from './rule-catalog-schema.js'
import {parseSignalCall} from './signal-queries.js'
import {parseTemplate, placeholders, renderTemplate, type TemplatePart} from './template.js'

/**
 * Loads the rule catalog (`<dir>/recording/*.yml`, `<dir>/alerts/*.yml`) and checks everything
 * that can be checked without a fleet: the schema, placeholders, signals and knobs for the scope,
 * annotation templates, and a dry render of every expression through the PromQL parser with its
 * metric names checked against the metrics catalog. Problems come back as located diagnostics.
 */
export interface Location {
  file: string
  line: number
  col: number
}

export interface LoadedRecordingRule {
  spec: RecordingEntrySpec
  expr: TemplatePart[]
  at: Location
}

export interface LoadedRecordingGroup {
  group: string
  appliesTo: RecordingScope
  /** The group's own evaluation interval, when it has one. */
  interval?: string
  rules: LoadedRecordingRule[]
}

export interface LoadedReading {
  spec: TestReadingSpec
  fire: TemplatePart[]
  silent: TemplatePart[]
  reports?: TemplatePart[]
}

export interface LoadedAbsent {
  spec: AbsentBranchSpec
  for: TemplatePart[]
  description: TemplatePart[]
}

export interface LoadedAlert {
  spec: AlertEntrySpec
  area: string
  expr: TemplatePart[]
  summary: TemplatePart[]
  description: TemplatePart[]
  readings: LoadedReading[]
  absent?: LoadedAbsent
  at: Location
}

export interface RuleCatalog {
  recording: LoadedRecordingGroup[]
  alerts: LoadedAlert[]
}

export type RuleCatalogResult = {ok: true; catalog: RuleCatalog} | {ok: false; diagnostics: Diagnostic[]}

type Path = (string | number)[]
type Report = (path: Path, message: string) => void

export function loadRuleCatalog(dirs: readonly string[]): RuleCatalogResult {
  const diagnostics: Diagnostic[] = []
  const catalog: RuleCatalog = {alerts: [], recording: []}
  const pending: {check: () => void}[] = []

  for (const dir of dirs) {
    for (const file of yamlFiles(join(dir, 'recording'))) {
      const parsed = readValidated(file, recordingFileSchema, diagnostics)
      if (!parsed) continue
      const {source, value} = parsed
      const group: LoadedRecordingGroup = {appliesTo: value.appliesTo, group: value.group, rules: [], ...(value.interval ? {interval: value.interval} : {})}
      value.rules.forEach((rule, i) => {
        const report: Report = (path, message) => diagnostics.push(diagnosticAt(source, ['rules', i, ...path], message))
        const loaded = loadRecordingRule(rule, value.appliesTo, source, ['rules', i], report)
        if (!loaded) return
        group.rules.push(loaded)
        pending.push({check: () => dryRender(loaded.expr, value.appliesTo, [], catalog, (m) => report(['expr'], m))})
      })
      catalog.recording.push(group)
    }
    for (const file of yamlFiles(join(dir, 'alerts'))) {
      const parsed = readValidated(file, alertFileSchema, diagnostics)
      if (!parsed) continue
      const {source, value} = parsed
      value.alerts.forEach((alert, i) => {
        const report: Report = (path, message) => diagnostics.push(diagnosticAt(source, ['alerts', i, ...path], message))
        const loaded = loadAlert(alert, value.area, source, ['alerts', i], report)
        if (!loaded) return
        catalog.alerts.push(loaded)
        pending.push({check: () => dryRender(loaded.expr, alert.appliesTo, Object.keys(alert.knobs ?? {}), catalog, (m) => report(['expr'], m))})
      })
    }
  }
  for (const item of pending) item.check()
  diagnostics.push(...duplicateNames(catalog))
  return diagnostics.length > 0 ? {diagnostics: uniqueDiagnostics(diagnostics), ok: false} : {catalog, ok: true}
}

/** Every file loadRuleCatalog reads from one catalog folder, in the order it reads them. */
export const catalogFiles = (dir: string): string[] => [...yamlFiles(join(dir, 'recording')), ...yamlFiles(join(dir, 'alerts'))]

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name))
}

function readValidated<S extends z.ZodType>(file: string, schema: S, diagnostics: Diagnostic[]): {source: YamlSource; value: z.infer<S>} | undefined {
  const parsed = parseYaml(file, readFileSync(file, 'utf8'))
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics)
    return undefined
  }
  const result = schema.safeParse(parsed.value)
  if (!result.success) {
    diagnostics.push(...schemaIssuesToDiagnostics(result.error.issues, parsed.source, schema, parsed.value))
    return undefined
  }
  return {source: parsed.source, value: result.data}
}

/** Located only when read, by a diagnostic: a valid catalog then never needs yaml's positions (src/load/fast-yaml.ts). */
function locationOf(source: YamlSource, path: Path): Location {
  let at: {line: number; col: number} | undefined
  return {
    get col() {
      return (at ??= locate(source, path)).col
    },
    file: source.file,
    get line() {
      return (at ??= locate(source, path)).line
    },
  }
}

function loadRecordingRule(rule: RecordingEntrySpec, scope: RecordingScope, source: YamlSource, path: Path, report: Report): LoadedRecordingRule | undefined {
  let ok = checkSignals(rule.signals, scope, report)
  const expr = templateOf(rule.expr, ['expr'], report)
  if (!expr) return undefined
  ok = checkPlaceholders(expr, {calls: true, signals: rule.signals, vars: selectorNames(scope)}, ['expr'], report) && ok
  return ok ? {at: locationOf(source, path), expr, spec: rule} : undefined
}

function loadAlert(alert: AlertEntrySpec, area: string, source: YamlSource, path: Path, report: Report): LoadedAlert | undefined {
  const scope = alert.appliesTo
  const signals = alert.signals ?? []
  const knobs = Object.keys(alert.knobs ?? {})
  let ok = checkSignals(signals, scope, report)
  for (const [name, knob] of Object.entries(alert.knobs ?? {})) {
    const problem = knobProblem(knob, scope)
    if (problem) ok = fail(report, ['knobs', name], problem)
    if (selectorNames(scope).includes(name)) ok = fail(report, ['knobs', name], `"${name}" is the scope's selector variable; pick another knob name`)
  }
  const expr = templateOf(alert.expr, ['expr'], report)
  const summary = templateOf(alert.summary, ['summary'], report)
  const description = templateOf(alert.description, ['description'], report)
  if (!expr || !summary || !description) return undefined
  // Signal functions need one subject whose provider answers them: a node or a server.
  const calls = scope === 'node' || scope === 'server'
  ok = checkPlaceholders(expr, {calls, signals, vars: [...knobs, ...selectorNames(scope)]}, ['expr'], report) && ok
  for (const [field, parts] of [['summary', summary], ['description', description]] as const) {
    ok = checkPlaceholders(parts, {calls: false, signals, vars: knobs}, [field], report) && ok
    const annotation = parseAnnotation(alert[field])
    if (!annotation.ok) ok = fail(report, [field], annotation.error)
  }
  for (const [name, text] of Object.entries(alert.labels ?? {})) {
    const label = parseAnnotation(text)
    if (!label.ok) ok = fail(report, ['labels', name], label.error)
  }
  const readings = alert.test.map((reading, i) => loadReading(reading, scope, signals, knobs, ['test', i], report))
  const absent = alert.absent && loadAbsent(alert, expr, knobs, report)
  if (!ok || readings.some((r) => r === undefined) || absent === null) return undefined
  return {absent, area, at: locationOf(source, path), description, expr, readings: readings as LoadedReading[], spec: alert, summary}
}

/** Scopes whose entities are one series source picked by one selector, so absent() can name it. */
const ABSENT_SCOPES: readonly AlertScope[] = ['node', 'server', 'drift', 'backup', 'logging']

/**
 * The absent branch: a catalog metric the expression reads, a `for` made of knobs (a literal would
 * be a threshold in the catalog), and annotations without `$value` (absent() always reads 1).
 * Null when something is wrong (reported).
 */
function loadAbsent(alert: AlertEntrySpec, expr: TemplatePart[], knobs: string[], report: Report): LoadedAbsent | null {
  const spec = alert.absent!
  let ok = true
  if (!ABSENT_SCOPES.includes(alert.appliesTo)) ok = fail(report, ['absent'], `absent needs entities picked by one selector (${ABSENT_SCOPES.join(', ')}), not ${alert.appliesTo}`)
  if (!knownSeriesNames().has(spec.series)) ok = fail(report, ['absent', 'series'], `"${spec.series}" is not a metric in the catalog (src/catalog/metrics.ts)`)
  else if (!exprReads(expr, alert.appliesTo, knobs, spec.series)) ok = fail(report, ['absent', 'series'], `the expression does not read ${spec.series}`)
  const duration = loadAbsentFor(spec.for, knobs, report)
  const description = templateOf(spec.description, ['absent', 'description'], report)
  if (!description || !checkPlaceholders(description, {calls: false, signals: [], vars: knobs}, ['absent', 'description'], report)) ok = false
  const annotations: [Path, string][] = [[['absent', 'description'], spec.description], [['summary'], alert.summary]]
  for (const [path, text] of annotations) {
    const annotation = parseAnnotation(text)
    if (!annotation.ok) ok = fail(report, path, annotation.error)
    else if (annotation.parts.some((p) => p.kind === 'value')) ok = fail(report, path, 'must not show {{ $value }}: while the series is absent the alert\'s value is always 1')
  }
  return ok && duration && description ? {description, for: duration, spec} : null
}

function loadAbsentFor(text: string, knobs: string[], report: Report): TemplatePart[] | undefined {
  const path = ['absent', 'for']
  const parts = templateOf(text, path, report)
  if (!parts || !checkPlaceholders(parts, {calls: false, signals: [], vars: knobs}, path, report)) return undefined
  if (!placeholders(parts).some((p) => p.kind === 'var')) return void fail(report, path, 'must name a knob such as ${maxAge}, not a value: thresholds live in the fleet')
  const dry = evaluateArithmetic(renderTemplate(parts, {vars: Object.fromEntries(knobs.map((k) => [k, 1]))}))
  if (!dry.ok) return void fail(report, path, dry.error)
  return parts
}

function exprReads(expr: TemplatePart[], scope: AlertScope, knobs: string[], metric: string): boolean {
  const parsed = parsePromql(renderWithStandIns(expr, scope, knobs))
  return parsed.ok && vectorSelectors(parsed).some((s) => s.name === metric)
}

/** An expression with 1 for every knob, a dummy matcher for every selector and vector(1) for signal calls. */
function renderWithStandIns(expr: TemplatePart[], scope: AlertScope | RecordingScope, knobs: string[]): string {
  const vars = Object.fromEntries([...knobs.map((k) => [k, 1]), ...selectorNames(scope).map((s) => [s, 'inferwatch_selector="x"'])])
  return renderTemplate(expr, {call: () => 'vector(1)', vars})
}

function loadReading(reading: TestReadingSpec, scope: AlertScope, signals: string[], knobs: string[], path: Path, report: Report): LoadedReading | undefined {
  let ok = true
  for (const signal of [reading.signal, ...(reading.ratio ?? [])]) {
    if (signal !== undefined && !signals.includes(signal)) ok = fail(report, [...path, reading.signal ? 'signal' : 'ratio'], `test reads signal "${signal}", which the rule does not list in signals`)
  }
  if (scope === 'canary' && reading.member === undefined) ok = fail(report, path, 'canary rules need member: canary or stable on every test reading')
  if (scope !== 'canary' && reading.member !== undefined) ok = fail(report, [...path, 'member'], 'member only applies to canary rules')
  if (reading.series !== undefined) {
    const parsed = parsePromql(reading.series)
    if (!parsed.ok || parsed.root.name !== 'VectorSelector') ok = fail(report, [...path, 'series'], 'must be a single series selector such as up{job="node"}')
  }
  const values = (['fire', 'silent', 'reports'] as const).map((field) => {
    if (reading[field] === undefined) return field === 'reports' ? [] : undefined
    const parts = templateOf(String(reading[field]), [...path, field], report)
    if (!parts || !checkPlaceholders(parts, {calls: false, signals, vars: knobs}, [...path, field], report)) return undefined
    const dry = evaluateArithmetic(renderTemplate(parts, {vars: Object.fromEntries(knobs.map((k) => [k, 1]))}))
    if (!dry.ok) return void fail(report, [...path, field], dry.error)
    return parts
  })
  const reports = reading.reports === undefined ? {} : {reports: values[2]}
  return ok && values[0] && values[1] && values[2] ? {fire: values[0], silent: values[1], spec: reading, ...reports} : undefined
}

function fail(report: Report, path: Path, message: string): false {
  report(path, message)
  return false
}

function checkSignals(signals: readonly string[], scope: AlertScope | RecordingScope, report: Report): boolean {
  const known = signalsForScope(scope)
  let ok = true
  signals.forEach((signal, i) => {
    if (!known.includes(signal)) ok = fail(report, ['signals', i], known.length === 0 ? `${scope} rules cannot read catalog signals` : `unknown ${scope} signal "${signal}"; known: ${known.join(', ')}`)
  })
  return ok
}

function templateOf(text: string, path: Path, report: Report): TemplatePart[] | undefined {
  const parsed = parseTemplate(text)
  if (parsed.ok) return parsed.parts
  report(path, parsed.error)
  return undefined
}

function checkPlaceholders(parts: TemplatePart[], allowed: {vars: string[]; signals: readonly string[]; calls: boolean}, path: Path, report: Report): boolean {
  let ok = true
  for (const part of placeholders(parts)) {
    if (part.kind === 'var' && !allowed.vars.includes(part.name)) {
      ok = fail(report, path, `unknown variable \${${part.name}}; available here: ${allowed.vars.map((v) => `\${${v}}`).join(', ') || 'none'}`)
    }
    if (part.kind !== 'call') continue
    if (!allowed.calls) {
      ok = fail(report, path, `\${${part.fn}(...)} is only allowed in the expr of node, server and recording rules`)
      continue
    }
    const call = parseSignalCall(part.fn, part.args)
    if (typeof call === 'string') ok = fail(report, path, call)
    else if (!allowed.signals.includes(call.signal)) ok = fail(report, path, `\${${part.fn}(${part.args.join(', ')})} reads "${call.signal}", which the rule does not list in signals`)
  }
  return ok
}

/** Renders with stand-ins and parses the result, so syntax errors and unknown metrics surface at load time. */
function dryRender(expr: TemplatePart[], scope: AlertScope | RecordingScope, knobs: string[], catalog: RuleCatalog, report: (message: string) => void) {
  const text = renderWithStandIns(expr, scope, knobs)
  const parsed = parsePromql(text)
  if (!parsed.ok) return report(`invalid PromQL (${parsed.error}) in: ${text}`)
  const known = knownSeriesNames()
  const recorded = new Set(catalog.recording.flatMap((g) => g.rules.map((r) => r.spec.record)))
  for (const selector of vectorSelectors(parsed)) {
    if (!known.has(selector.name) && !recorded.has(selector.name)) {
      report(`"${selector.name}" is neither a metric in the catalog (src/catalog/metrics.ts) nor a recording rule in rules/recording`)
    }
  }
}

function duplicateNames(catalog: RuleCatalog): Diagnostic[] {
  const out: Diagnostic[] = []
  const seen = new Map<string, Location>()
  const check = (name: string, at: Location, what: string) => {
    const first = seen.get(`${what}:${name}`)
    if (first) out.push({...at, message: `duplicate ${what} "${name}" (first defined at ${first.file}:${first.line})`, path: ''})
    else seen.set(`${what}:${name}`, at)
  }
  for (const group of catalog.recording) for (const rule of group.rules) check(rule.spec.record, rule.at, 'recording rule')
  for (const alert of catalog.alerts) check(alert.spec.alert, alert.at, 'alert')
  return out
}
