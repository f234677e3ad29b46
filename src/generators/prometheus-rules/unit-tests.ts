import {InputError} from '../../diagnostics/diagnostic.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {parseDuration} from '../../schema/primitives.js'
import {evaluateArithmetic} from './arithmetic.js'
import {outputLabels, UnsupportedPromqlError, type Labels} from './expected-labels.js'
import {parseAnnotation, renderAnnotation} from './go-template.js'
import type {AlertRule, RecordingRule} from './instantiate.js'
import type {LoadedReading} from './load-rule-catalog.js'
import {maxRangeSeconds, mustParsePromql, vectorSelectors} from './promql.js'
import {
  STEP_SECONDS,
  SynthesisError,
  sameLabels,
  seriesNotation,
  synthesizeReading,
  valuesNotation,
  type SyntheticSeries,
  type Timeline,
} from './synthetic-series.js'
import {renderTemplate} from './template.js'

/**
 * promtool unit tests for every generated alert rule: one case where every entity the rule covers
 * crosses the threshold (with the exact labels and annotations each alert must carry) and one
 * just inside it, where nothing may fire. A rule for a missing series (the catalog's `absent`)
 * gets a case where the series is missing, silent until just before its `for` and firing after,
 * and one where the series is present and fresh past that `for`, where nothing may fire.
 */
export interface TestGroup {
  name: string
  interval: string
  input_series: {series: string; values: string}[]
  alert_rule_test: {eval_time: string; alertname: string; exp_alerts: {exp_labels: Labels; exp_annotations: Labels}[]}[]
}

type Which = 'fire' | 'silent' | 'reports'

interface TestCase {
  name: string
  /** Which reading values the rule's own entities get. */
  values: Which
  /** A metric left out of the rule's own entities' series. */
  missing?: string
  /** Evaluation steps to check, and whether the rule's alerts must be firing there. */
  checks: {steps: number; firing: boolean}[]
}

/** `siblings`: the area's other rules; those of the same alert matter when it has an absent branch. */
export function alertTestGroups(alert: AlertRule, recording: readonly RecordingRule[], fleet: Fleet, siblings: readonly AlertRule[] = []): TestGroup[] {
  const recorded = recordingMap(recording)
  const timeline = timelineOf(alert, recorded)
  const others = bystanders(alert, siblings)
  return testCases(alert, timeline).map((test) => {
    const series = inputSeries(alert, test, timeline, fleet, others)
    return {
      alert_rule_test: test.checks.map(({firing, steps}) => ({
        alertname: alert.name,
        eval_time: `${(steps * STEP_SECONDS) / 60}m`,
        exp_alerts: firing ? expectedAlerts(alert, series, recorded) : [],
      })),
      input_series: series.map((s) => ({series: seriesNotation(s.labels), values: valuesNotation(s.segments)})),
      interval: `${STEP_SECONDS / 60}m`,
      name: test.name,
    }
  })
}

function testCases(alert: AlertRule, timeline: Timeline): TestCase[] {
  const who = alert.entities.map((e) => e.name).join(', ')
  const last = timeline.steps
  if (alert.absentSeries === undefined) {
    return [
      {checks: [{firing: true, steps: last}], name: `${alert.name} fires past its threshold for ${who}`, values: 'fire'},
      {checks: [{firing: false, steps: last}], name: `${alert.name} stays silent just inside its threshold for ${who}`, values: 'silent'},
    ]
  }
  const series = alert.absentSeries
  const pending = Math.ceil(timeline.forSeconds / STEP_SECONDS) - 1
  return [
    {
      checks: [
        {firing: false, steps: pending},
        {firing: true, steps: last},
      ],
      missing: series,
      name: `${alert.name} fires for ${who} once ${series} has been missing for ${alert.for}, not before`,
      values: 'silent',
    },
    {checks: [{firing: false, steps: last}], name: `${alert.name} stays silent for ${who} while ${series} is present and fresh, past ${alert.for}`, values: 'silent'},
  ]
}

/**
 * With an absent branch, the entities of the alert's rules for other thresholds would fire as
 * missing in this rule's cases: they are given readings just inside their own thresholds.
 */
function bystanders(alert: AlertRule, siblings: readonly AlertRule[]): AlertRule[] {
  if (alert.source.absent === undefined) return []
  const own = new Set(alert.entities)
  return siblings.filter((s) => s.name === alert.name && s.absentSeries === undefined && !s.entities.some((e) => own.has(e)))
}

function recordingMap(recording: readonly RecordingRule[]): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const rule of recording) map.set(rule.record, [...(map.get(rule.record) ?? []), rule.expr])
  return map
}

/**
 * Long enough for the alert's `for`, plus its widest range (read through its recording rules)
 * when a reading needs a full window: absolute rates and changes(). Ratios and quantiles read
 * true from the second sample, however long the window (both sides extrapolate alike), so the
 * 6-hour burn-rate test evaluates 17 minutes, not 6 hours.
 */
function timelineOf(alert: AlertRule, recorded: ReadonlyMap<string, readonly string[]>): Timeline {
  const windowSeconds = widestRange(alert.expr, recorded)
  const forSeconds = parseDuration(alert.for) ?? 0
  const fill = alert.source.readings.some((r) => needsFullWindow(r, alert))
  const steps = Math.ceil((forSeconds + (fill ? windowSeconds : 0)) / STEP_SECONDS) + 2
  return {forSeconds, steps, windowSeconds}
}

function needsFullWindow(reading: LoadedReading, alert: AlertRule): boolean {
  const {as, quantile, signal} = reading.spec
  if (as === 'rate' || as === 'changes') return true
  if (signal === undefined || quantile !== undefined) return false
  const subjects = alert.entities.flatMap((e) => Object.values(e.members).flat())
  return subjects.some((s) => s.provider?.source(signal)?.kind === 'counter')
}

function widestRange(expr: string, recorded: ReadonlyMap<string, readonly string[]>): number {
  const parsed = mustParsePromql(expr)
  const nested = vectorSelectors(parsed).flatMap((s) => (recorded.get(s.name) ?? []).map((e) => widestRange(e, recorded)))
  return Math.max(maxRangeSeconds(parsed), ...nested)
}

function readingValue(alert: AlertRule, reading: LoadedReading, which: Which): number {
  const vars = Object.fromEntries(Object.entries(alert.knobs).map(([name, k]) => [name, k.value]))
  const result = evaluateArithmetic(renderTemplate(reading[which] ?? reading.fire, {vars}))
  if (!result.ok) throw located(alert, result.error)
  return result.value
}

function inputSeries(alert: AlertRule, test: TestCase, timeline: Timeline, fleet: Fleet, others: readonly AlertRule[]): SyntheticSeries[] {
  const all: SyntheticSeries[] = []
  const own = entitySeries(alert, test.values, timeline, fleet).filter((s) => s.labels.__name__ !== test.missing)
  addUnique(all, own, alert)
  for (const other of others) addUnique(all, entitySeries(other, 'silent', timeline, fleet), alert)
  return all.sort((a, b) => (seriesNotation(a.labels) < seriesNotation(b.labels) ? -1 : 1))
}

/** The series of every entity a rule covers, its readings at their `which` values. */
function entitySeries(rule: AlertRule, which: Which, timeline: Timeline, fleet: Fleet): SyntheticSeries[] {
  const all: SyntheticSeries[] = []
  for (const entity of rule.entities) {
    const made = new Map<object, SyntheticSeries[]>()
    for (const reading of rule.source.readings) {
      const value = readingValue(rule, reading, which)
      for (const subject of entity.members[reading.spec.member ?? 'self'] ?? []) {
        const existing = made.get(subject) ?? []
        try {
          const series = synthesizeReading({existing, fleet, reading: reading.spec, subject, timeline, value})
          made.set(subject, [...existing, ...series])
          addUnique(all, series, rule)
        } catch (error) {
          if (error instanceof SynthesisError) throw located(rule, `test input for ${entity.name}: ${error.message}`)
          throw error
        }
      }
    }
  }
  return all
}

/** Shared subjects (a stable server compared with two canaries) yield the same series once. */
function addUnique(all: SyntheticSeries[], series: SyntheticSeries[], alert: AlertRule) {
  for (const s of series) {
    const twin = all.find((t) => sameLabels(t.labels, s.labels))
    if (!twin) all.push(s)
    else if (valuesNotation(twin.segments) !== valuesNotation(s.segments)) throw located(alert, `two test readings need different values for ${seriesNotation(s.labels)}`)
  }
}

/** absent() reads 1; otherwise the first reading's fire value is the alert's $value. */
function expectedAlerts(alert: AlertRule, series: SyntheticSeries[], recorded: ReadonlyMap<string, readonly string[]>) {
  const first = alert.source.readings[0]!
  const value = alert.absentSeries === undefined ? readingValue(alert, first, first.reports ? 'reports' : 'fire') : 1
  let labelSets: Labels[]
  try {
    labelSets = outputLabels(alert.expr, {recording: recorded, series: series.map((s) => s.labels)})
  } catch (error) {
    if (error instanceof UnsupportedPromqlError) throw located(alert, error.message)
    throw error
  }
  const summary = mustParseAnnotation(alert.summary)
  const description = mustParseAnnotation(alert.description)
  return labelSets
    .map((labels) => ({
      exp_annotations: {
        description: renderAnnotation(description, labels, value),
        runbook_url: alert.runbookUrl,
        summary: renderAnnotation(summary, labels, value),
      },
      exp_labels: sortKeys({...labels, ...Object.fromEntries(Object.entries(alert.labels).map(([k, v]) => [k, renderAnnotation(mustParseAnnotation(v), labels, value)]))}),
    }))
    .sort((a, b) => (JSON.stringify(a.exp_labels) < JSON.stringify(b.exp_labels) ? -1 : 1))
}

function mustParseAnnotation(text: string) {
  const parsed = parseAnnotation(text)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.parts
}

const sortKeys = (labels: Labels): Labels => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

const located = (alert: AlertRule, message: string) => new InputError([{...alert.source.at, message: `${alert.name}: ${message}`, path: 'test'}])
