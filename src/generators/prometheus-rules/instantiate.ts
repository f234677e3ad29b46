import {isAvailable, knownSeriesNames, type SignalSource} from '../../catalog/index.js'
import {InputError} from '../../diagnostics/diagnostic.js'
import type {Fleet, FleetNode} from '../../normalize/fleet-model.js'
import {runbookUrl} from '../../runbooks/locations.js'
import {entitiesOf, missingMetricSource, type Entity, type Subject} from './entities.js'
import {readKnob} from './knobs.js'
import {evaluateArithmetic} from './arithmetic.js'
import type {LoadedAbsent, LoadedAlert, LoadedRecordingGroup, LoadedRecordingRule, Location, RuleCatalog} from './load-rule-catalog.js'
import {matcherFor, mustParsePromql, quote, separableBy, vectorSelectors} from './promql.js'
import {selectionsFor, type Selection} from './selections.js'
import {seriesLabels} from './series-labels.js'
import {parseSignalCall, renderSignalCall, SignalKindError, sourceSelectors} from './signal-queries.js'
import {formatNumber, formatSeconds, renderTemplate, TemplateRenderError, type TemplatePart} from './template.js'

/**
 * One recording rule's expression for one or more runtime or hardware profiles (rule-files.ts joins
 * a name's expressions with `or`).
 */
export interface RecordingRule {
  group: string
  /** The group's own evaluation interval, when it has one. */
  interval?: string
  record: string
  expr: string
  /** The titles of the runtime or hardware profiles it was instantiated for. */
  entities: string[]
}

export interface AlertRule {
  name: string
  area: string
  expr: string
  for: string
  severity: string
  /** Static labels: severity, and `threshold` when the alert needs one rule per threshold. */
  labels: Record<string, string>
  /** Annotations with the catalog's `${...}` filled in; Prometheus' `{{ ... }}` left for Prometheus. */
  summary: string
  description: string
  runbookUrl: string
  /** The entities this rule covers (all share the same thresholds). */
  entities: Entity[]
  /** How its expression selects them: one selection per `or` branch (selections.ts). */
  selections: Selection[]
  knobs: Record<string, {path: string; value: number}>
  /**
   * Set on the catalog alert's second rule, which fires when this series has been missing for
   * `for` (the catalog's `absent`); undefined on the rule that evaluates the catalog's expression.
   */
  absentSeries?: string
  source: LoadedAlert
}

export interface RuleSet {
  recording: RecordingRule[]
  alerts: AlertRule[]
  notes: string[]
}

/**
 * Instantiates the rule catalog for a fleet. Entities whose runtime or hardware lacks a signal
 * are skipped with a note.
 *
 * Per-entity thresholds go into the expression through label matchers: entities that render alike
 * (same thresholds, same providers) share one expression that selects them by their class in the
 * label contract (`hardware="raspberry-pi-5"`, `runtime=~"ollama|vllm"`), minus the entities of
 * that class with thresholds of their own, which are named and get their own rule (selections.ts).
 * A fleet of 10,000 identical Pis gets the rules of one, and every threshold stays a literal that
 * promtool, Grafana and people can read. Expressions with the same
 * thresholds are joined with `or` into one rule (their annotations are identical); an alert whose
 * entities have different thresholds gets one rule per threshold, told apart by a `threshold`
 * label (which also keeps `promtool check rules` from reporting them as duplicates). Recording
 * rules are likewise one rule per name, the runtimes' or hardware profiles' expressions joined
 * with `or` (their label sets never overlap: each is narrowed to its runtime or hardware).
 */
export function instantiateRules(fleet: Fleet, catalog: RuleCatalog): RuleSet {
  const recording = catalog.recording.flatMap((group) =>
    group.rules.flatMap((rule) => instantiateRecording(rule, group, entitiesOf(group.appliesTo, fleet))),
  )
  const skipped = new Map<string, string[]>()
  const alerts = catalog.alerts.flatMap((alert) => instantiateAlert(fleet, alert, skipped))
  checkSelectorsResolve(alerts, recording)
  const notes = [...skipped].map(([key, names]) => {
    const [alert, reason] = key.split('\u0000') as [string, string]
    return `${alert} is not generated for ${names.join(', ')}: ${reason}.`
  })
  return {alerts, notes, recording}
}

/**
 * A recording rule for the profiles that have its signals. Profiles whose expressions differ only
 * in their own matcher share one expression that selects them all (`runtime=~"llama-cpp|ollama"`),
 * so Prometheus selects each series once, not once per branch of an `or` chain, which then matches
 * every branch's label sets against the ones before it. Only where the expression keeps series of
 * different profiles apart (separableBy): an aggregation that dropped the label would add them up.
 */
function instantiateRecording(rule: LoadedRecordingRule, {group, interval}: LoadedRecordingGroup, entities: readonly Entity[]): RecordingRule[] {
  const alike = new Map<string, Entity[]>()
  for (const entity of entities) {
    if (!recordable(rule, entity)) continue
    const key = render(rule.expr, entity, standInMatchers(entity), {}, rule.at)
    const same = alike.get(key)
    if (same) same.push(entity)
    else alike.set(key, [entity])
  }
  const base = {group, record: rule.spec.record, ...(interval ? {interval} : {})}
  return [...alike].flatMap(([standIn, same]): RecordingRule[] => {
    const own = Object.keys(same[0]!.selectors).length === 1 ? same[0]!.selectors.selector : undefined
    if (same.length > 1 && own && separableBy(mustParsePromql(standIn), own.label)) {
      const values = same.flatMap((e) => e.selectors.selector!.values)
      const expr = render(rule.expr, same[0]!, {selector: matcherFor(own.label, values)}, {}, rule.at)
      return [{...base, entities: same.map((e) => e.name), expr}]
    }
    return same.map((entity) => ({...base, entities: [entity.name], expr: render(rule.expr, entity, ownMatchers(entity), {}, rule.at)}))
  })
}

function recordable(rule: LoadedRecordingRule, entity: Entity): boolean {
  const provider = entity.members.self![0]!.provider!
  const sources = rule.spec.signals.map((signal) => provider.source(signal))
  if (sources.some((s) => s === null || !isAvailable(s))) return false
  const metrics = (sources as SignalSource[]).flatMap(sourceMetricNames)
  return !metrics.some((m) => missingMetricSource(entity, m) !== undefined)
}

/** `a or b`, one branch per line; multi-line branches in parentheses so each reads as a unit. */
export function joinWithOr(exprs: readonly string[]): string {
  if (exprs.length === 1) return exprs[0]!
  return exprs.map((e) => (e.includes('\n') ? `(\n  ${e.replaceAll('\n', '\n  ')}\n)` : e)).join('\nor\n')
}

/**
 * Hundreds of `or` branches (one absent() per drift job of a big fleet) in parenthesized chunks:
 * the same union for Prometheus, but nested a few levels deep rather than hundreds, which
 * lezer-promql (dashboards, lint, these generators) cannot parse.
 */
const OR_CHUNK = 64
function joinNested(exprs: readonly string[]): string {
  if (exprs.length <= OR_CHUNK) return joinWithOr(exprs)
  const chunks: string[] = []
  for (let i = 0; i < exprs.length; i += OR_CHUNK) chunks.push(`(\n  ${joinWithOr(exprs.slice(i, i + OR_CHUNK)).replaceAll('\n', '\n  ')}\n)`)
  return joinNested(chunks)
}

function instantiateAlert(fleet: Fleet, alert: LoadedAlert, skipped: Map<string, string[]>): AlertRule[] {
  const groups = new Map<string, {entities: Entity[]; knobs: AlertRule['knobs']}>()
  // Entities of one shape with the same thresholds get the same verdict: decided once, not per entity.
  const verdicts = new Map<string, {reason: string | null | undefined; group?: string; knobs: AlertRule['knobs']}>()
  const knobPaths = Object.entries(alert.spec.knobs ?? {})
  for (const entity of entitiesOf(alert.spec.appliesTo, fleet)) {
    const values = knobPaths.map(([, path]) => readKnob(path, entity.owners))
    const verdictKey = values.length === 0 ? String(shapeOf(entity)) : `${shapeOf(entity)}:${values.join(',')}`
    let verdict = verdicts.get(verdictKey)
    if (!verdict) {
      const knobs = Object.fromEntries(knobPaths.map(([name, path], i) => [name, {path, value: values[i]!}]))
      let rendered: string | undefined
      const standIn = () => (rendered ??= standInRender(alert, entity, knobs))
      const reason = unavailableReason(alert, entity, standIn)
      verdicts.set(verdictKey, (verdict = {group: reason === undefined ? JSON.stringify([standIn(), knobs]) : undefined, knobs, reason}))
    }
    const {reason} = verdict
    if (reason === null) continue
    if (reason !== undefined) {
      const key = `${alert.spec.alert}\u0000${reason}`
      const names = skipped.get(key)
      if (names) names.push(entity.name)
      else skipped.set(key, [entity.name])
      continue
    }
    const key = verdict.group!
    const group = groups.get(key) ?? {entities: [], knobs: verdict.knobs}
    group.entities.push(entity)
    groups.set(key, group)
  }
  const branches = [...groups.values()]
  const selections = selectionsFor(branches.map((b) => b.entities))
  const expressions = branches.map(({entities, knobs}, i) => ({
    entities,
    expr: joinWithOr(selections[i]!.map((selection) => render(alert.expr, entities[0]!, selection.matchers, knobs, alert.at))),
    knobs,
    selections: selections[i]!,
  }))
  const byThreshold = new Map<string, typeof expressions>()
  for (const e of expressions) byThreshold.set(JSON.stringify(e.knobs), [...(byThreshold.get(JSON.stringify(e.knobs)) ?? []), e])
  const rules = [...byThreshold.values()].map((same): AlertRule => {
    const knobs = same[0]!.knobs
    const vars = knobVars(knobs)
    const threshold: Record<string, string> = byThreshold.size > 1 ? {threshold: thresholdLabel(knobs)} : {}
    return {
      area: alert.area,
      description: renderTemplate(alert.description, {vars}),
      entities: same.flatMap((e) => e.entities),
      expr: joinWithOr(same.map((e) => e.expr)),
      selections: same.flatMap((e) => e.selections),
      // The fleet's defaults.alerts.<name>.for overrides the catalog's; the absent rule keeps its own age.
      for: fleet.alerts[alert.spec.alert]?.for ?? alert.spec.for,
      knobs,
      labels: {severity: alert.spec.severity, ...alert.spec.labels, ...threshold},
      name: alert.spec.alert,
      runbookUrl: runbookUrl(fleet, alert.spec.alert),
      severity: alert.spec.severity,
      source: alert,
      summary: renderTemplate(alert.summary, {vars}),
    }
  })
  return alert.absent ? [...rules, ...rules.map((rule) => absentRule(rule, alert.absent!, fleet))] : rules
}

/** Told apart from the expression's rule by this label (promtool reports same name + labels as duplicates). */
export const ABSENT_LABEL = {condition: 'absent'} as const

/**
 * The rule for a series that is missing altogether, for the same entities and thresholds: one
 * absent() per entity, since absent() only reports the equality matchers of its selector. The
 * selector names the entity's whole label-contract identity (without `instance`), so the alert
 * carries the same node/server/site/tenant/job/backup labels that routing, inhibition and the
 * annotations read as the expression's alerts do.
 */
function absentRule(rule: AlertRule, absent: LoadedAbsent, fleet: Fleet): AlertRule {
  const vars = knobVars(rule.knobs)
  const seconds = evaluateArithmetic(renderTemplate(absent.for, {vars}))
  if (!seconds.ok || !(seconds.value > 0)) {
    const message = `${rule.name}: absent.for must be a positive number of seconds, got ${seconds.ok ? seconds.value : seconds.error}`
    throw new InputError([{...rule.source.at, message, path: 'absent.for'}])
  }
  // The one kind of rule that names every entity: absent() can only report a series it is told the
  // labels of, so there is no class selector for "a drift job that never pushed".
  const selectors = rule.entities.map((entity) => `absent(${identitySelector(absent.spec.series, entity, fleet)})`)
  return {
    ...rule,
    absentSeries: absent.spec.series,
    description: renderTemplate(absent.description, {vars}),
    expr: joinNested(selectors),
    for: formatSeconds(Math.ceil(seconds.value)),
    labels: {...rule.labels, ...ABSENT_LABEL},
  }
}

/** Labels an absent() selector leaves out: the metric name, and `instance`, which is an address rather than an identity. */
const NOT_IDENTITY = new Set(['__name__', 'instance'])

/** `metric{backup="models",hardware="…",job="node",node="pi-01",…}`: the entity's own label first, then the rest sorted. */
function identitySelector(metric: string, entity: Entity, fleet: Fleet): string {
  const own = entity.selectors.selector!
  const labels = seriesLabels(`${metric}{${matcherFor(own.label, own.values)}}`, entity.members.self![0]!, fleet)
  const rest = Object.keys(labels).filter((name) => name !== own.label && !NOT_IDENTITY.has(name)).sort()
  return `${metric}{${[own.label, ...rest].map((name) => `${name}=${quote(labels[name]!)}`).join(',')}}`
}

/** `75`, or `burnRate=14.4,budget=0.005` for rules with several knobs. */
function thresholdLabel(knobs: AlertRule['knobs']): string {
  const entries = Object.entries(knobs)
  if (entries.length === 1) return formatNumber(entries[0]![1].value)
  return entries.map(([name, k]) => `${name}=${formatNumber(k.value)}`).join(',')
}

/**
 * Undefined when the alert applies to the entity; null when it does not apply at all (a node
 * without a GPU and an XID alert); otherwise the reason it cannot be generated, for the notes.
 */
function unavailableReason(alert: LoadedAlert, entity: Entity, standIn: () => string): string | null | undefined {
  const subjects = Object.values(entity.members).flat()
  if (alert.spec.appliesTo === 'canary' && (entity.members.stable ?? []).length === 0) {
    return 'the canary’s model has no single-model stable server to be compared with'
  }
  // Sets: a canary's stable servers are many subjects with the same few providers and sources.
  const metrics = new Set<string>()
  const providers = new Set(subjects.map((s) => s.provider))
  for (const signal of alert.spec.signals ?? []) {
    for (const provider of providers) {
      const source = provider?.source(signal) ?? null
      if (source === null) return null
      if (!isAvailable(source)) return source.reason
      for (const name of sourceMetricNames(source)) metrics.add(name)
    }
  }
  for (const name of metricNames(standIn())) metrics.add(name)
  for (const metric of metrics) {
    const missing = missingMetricSource(entity, metric)
    if (missing) return missing
  }
  return undefined
}

/**
 * What unavailableReason() and standInRender() read of an entity, as one key: its providers (in
 * order, since the first missing source is the one reported), aggregation labels, selector labels,
 * whether a canary has stable servers, how inferwatch's metrics reach it, and which exporters and
 * textfile collectors its nodes have. Entities with the same key render and fail alike.
 */
const shapes = new WeakMap<Entity, number>()
/** Shape texts by a small number, so the per-alert keys stay short. */
const shapeIds = new Map<string, number>()
function shapeOf(entity: Entity): number {
  let id = shapes.get(entity)
  if (id === undefined) {
    const providers = new Set<number>()
    for (const subjects of Object.values(entity.members)) for (const provider of providersOf(subjects)) providers.add(provider)
    const kinds = new Set<string>()
    for (const node of entity.nodes) kinds.add(nodeKind(node))
    const selectors = Object.entries(entity.selectors).map(([name, s]) => `${name}=${s.label}`)
    const shape = [
      providerId(entity.members.self?.[0]?.provider),
      [...providers].join(','),
      entity.by.join(','),
      selectors.join(','),
      (entity.members.stable ?? []).length > 0,
      entity.inferwatchMetricsVia,
      entity.nodes.length > 0,
      [...kinds].sort().join(' '),
    ].join('\u0000')
    id = shapeIds.get(shape)
    if (id === undefined) shapeIds.set(shape, (id = shapeIds.size))
    shapes.set(entity, id)
  }
  return id
}

/**
 * The providers of a list of subjects, each once, in order. The canaries of one model share one list
 * of stable subjects (entities.ts), read once here rather than once per canary.
 */
const subjectProviders = new WeakMap<readonly Subject[], number[]>()
function providersOf(subjects: readonly Subject[]): number[] {
  let ids = subjectProviders.get(subjects)
  if (ids === undefined) subjectProviders.set(subjects, (ids = [...new Set(subjects.map((s) => providerId(s.provider)))]))
  return ids
}

/** A node's exporters and whether its textfile collector is off: what missingMetricSource() reads of it. */
const nodeKinds = new WeakMap<FleetNode, string>()
function nodeKind(node: FleetNode): string {
  let kind = nodeKinds.get(node)
  if (kind === undefined) nodeKinds.set(node, (kind = `${node.exporters.map((e) => e.id).sort().join('+')}:${node.textfileDirectory === null}`))
  return kind
}

/** Metric names an expression reads, parsed once per distinct text (entities of a variant share one). */
const metricNamesByText = new Map<string, string[]>()
function metricNames(expr: string): string[] {
  let names = metricNamesByText.get(expr)
  if (!names) metricNamesByText.set(expr, (names = vectorSelectors(mustParsePromql(expr)).map((s) => s.name)))
  return names
}

const namesBySource = new WeakMap<SignalSource, string[]>()
function sourceMetricNames(source: SignalSource): string[] {
  let names = namesBySource.get(source)
  if (!names) namesBySource.set(source, (names = sourceSelectors(source).flatMap(metricNames)))
  return names
}

/**
 * The alert rendered for an entity with one stand-in value per selector: entities that render
 * alike share a rule. Entities keep their stand-in render, since reasons and grouping both need it.
 */
function standInRender(alert: LoadedAlert, entity: Entity, knobs: AlertRule['knobs']): string {
  const standIn = standInMatchers(entity)
  // What the render depends on besides the names it leaves out: entities of a kind share all of it.
  const provider = entity.members.self?.[0]?.provider
  const key = JSON.stringify([providerId(provider), entity.by, standIn, knobs])
  let byKey = standIns.get(alert)
  if (!byKey) standIns.set(alert, (byKey = new Map()))
  let rendered = byKey.get(key)
  if (rendered === undefined) byKey.set(key, (rendered = render(alert.expr, entity, standIn, knobs, alert.at)))
  return rendered
}

const standIns = new WeakMap<LoadedAlert, Map<string, string>>()
const providerIds = new WeakMap<object, number>()
function providerId(provider: object | undefined): number {
  if (provider === undefined) return 0
  let id = providerIds.get(provider)
  if (id === undefined) providerIds.set(provider, (id = nextProviderId++))
  return id
}
let nextProviderId = 1

const knobVars = (knobs: AlertRule['knobs']) => Object.fromEntries(Object.entries(knobs).map(([name, k]) => [name, k.value]))

/** One stand-in value per selector: entities whose renders with it are equal differ only in their names. */
const standInMatchers = (entity: Entity): Record<string, string> =>
  Object.fromEntries(Object.entries(entity.selectors).map(([name, s]) => [name, matcherFor(s.label, ['·'])]))

const ownMatchers = (entity: Entity): Record<string, string> =>
  Object.fromEntries(Object.entries(entity.selectors).map(([name, s]) => [name, matcherFor(s.label, s.values)]))

/** Stands in for a selector that selects everything, so `{job="x",${selector}}` can lose its comma. */
const EVERYTHING = '\u0001'
const dropEverything = (expr: string): string =>
  expr.replaceAll(`,${EVERYTHING}`, '').replaceAll(`${EVERYTHING},`, '').replaceAll(`{${EVERYTHING}}`, '').replaceAll(EVERYTHING, '')

/** Renders a template for an entity: selectors as matchers, knobs as numbers, signal calls as the provider's PromQL. */
function render(parts: TemplatePart[], entity: Entity, selectorMatchers: Record<string, string>, knobs: AlertRule['knobs'], at: Location): string {
  const matchers = Object.fromEntries(Object.entries(selectorMatchers).map(([name, m]) => [name, m === '' ? EVERYTHING : m]))
  const provider = entity.members.self?.[0]?.provider
  try {
    const text = renderTemplate(parts, {
      call: (fn, args) => {
        const call = parseSignalCall(fn, args)
        if (typeof call === 'string') throw new SignalKindError(call)
        const source = provider?.source(call.signal)
        if (!source) throw new SignalKindError(`${entity.name} has no provider for ${call.signal}`)
        return renderSignalCall(call, source, {by: entity.by, matcher: selectorMatchers.selector ?? ''})
      },
      vars: {...knobVars(knobs), ...matchers},
    })
    return dropEverything(text.trim())
  } catch (error) {
    if (error instanceof SignalKindError || error instanceof TemplateRenderError) {
      throw new InputError([{...at, message: `cannot instantiate for ${entity.name}: ${error.message}`, path: ''}])
    }
    throw error
  }
}

/** Every series an alert selects must be a catalog metric or a recording rule generated for this fleet. */
function checkSelectorsResolve(alerts: AlertRule[], recording: RecordingRule[]) {
  const known = knownSeriesNames()
  const recorded = new Set(recording.map((r) => r.record))
  for (const alert of alerts) {
    for (const selector of vectorSelectors(mustParsePromql(alert.expr))) {
      if (known.has(selector.name) || recorded.has(selector.name)) continue
      const message = `${alert.name} reads ${selector.name}, which no recording rule produces for ${alert.entities.map((e) => e.name).join(', ')}: list the signals that rule needs in the alert's signals`
      throw new InputError([{...alert.source.at, message, path: ''}])
    }
  }
}
