import {InputError} from '../../diagnostics/diagnostic.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {parseDuration} from '../../schema/primitives.js'
import {evaluateArithmetic} from './arithmetic.js'
import {outputLabels, UnsupportedPromqlError, type Labels} from './expected-labels.js'
import {parseAnnotation, renderAnnotation} from './go-template.js'
import type {Entity} from './entities.js'
import type {AlertRule, RecordingRule} from './instantiate.js'
import type {LoadedReading} from './load-rule-catalog.js'
import {maxRangeSeconds, mustParsePromql, vectorSelectors} from './promql.js'
import {
  STEP_SECONDS,
  SynthesisError,
  seriesNotation,
  synthesizeReading,
  valuesNotation,
  type SyntheticSeries,
  type Timeline,
} from './synthetic-series.js'
import {renderTemplate} from './template.js'

/**
 * promtool unit tests for every generated alert rule: one case where a representative of each of
 * its selections (selections.ts: one entity per variant, not every entity) crosses the threshold,
 * with the exact labels and annotations each alert must carry, and one just inside it, where
 * nothing may fire. Entities a selection excludes because they have thresholds of their own are
 * given its readings too, one per variant: only their own rule may answer for them, which proves
 * the exclusion. A rule for a missing series (the catalog's `absent`) gets a case where the series
 * is missing, silent until just before its `for` and firing after, and one where the series is
 * present and fresh past that `for`, where nothing may fire; those name every entity, as their
 * rule does.
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
  /** Evaluation times to check, and whether the rule's alerts must be firing there. */
  checks: Check[]
}

interface Check {
  seconds: number
  firing: boolean
}

/** When a case is checked: just past its threshold's timeline, or, for a missing series, just before and after its `for`. */
interface CheckTimes {
  last: number
  /** The last evaluation before a missing series has been missing for the alert's `for`. */
  pending: number
}

/**
 * Missing-series cases wait the alert's whole `for` (a backup's 26h), and promtool evaluates every
 * rule of the file at each step of the test file's evaluation interval: at one-minute steps the
 * 26h case of a 10,000-node fleet took most of a minute. Their files use the longest of these
 * intervals that still checks the alert at least MISSING_CHECKS_PER_FOR times during its `for`,
 * so "not before" is proven to within a twelfth of it.
 */
const MISSING_SERIES_STEPS = [60, 300, 600, 900, 1800, 3600, 7200, 21600]
export const MISSING_CHECKS_PER_FOR = 12

/** The evaluation interval, in seconds, of a test file of these alerts: one minute unless some are missing-series alerts. */
export function missingSeriesStepSeconds(alerts: readonly AlertRule[]): number {
  const fors = alerts.filter((a) => a.absentSeries !== undefined).map((a) => parseDuration(a.for) ?? 0)
  if (fors.length === 0) return STEP_SECONDS
  const shortest = Math.min(...fors)
  return MISSING_SERIES_STEPS.filter((step) => shortest / step >= MISSING_CHECKS_PER_FOR).pop() ?? STEP_SECONDS
}

/** The check times, and the timeline lengthened (one sample a minute) to reach the last of them. */
function checkTimes(alert: AlertRule, timeline: Timeline, evaluationSeconds: number): {checks: CheckTimes; timeline: Timeline} {
  const last = timeline.steps * STEP_SECONDS
  if (alert.absentSeries === undefined) return {checks: {last, pending: last}, timeline}
  const forSteps = Math.ceil(timeline.forSeconds / evaluationSeconds)
  const checks = {last: Math.max(last, (forSteps + 2) * evaluationSeconds), pending: (forSteps - 1) * evaluationSeconds}
  return {checks, timeline: {...timeline, steps: checks.last / STEP_SECONDS}}
}

/**
 * `siblings`: the area's other rules; those of the same alert hold the entities a rule excludes.
 * `evaluationSeconds`: the evaluation interval of the test file the groups go to (see
 * missingSeriesStepSeconds); the series keep one sample a minute whatever it is.
 */
export function alertTestGroups(
  alert: AlertRule,
  recording: readonly RecordingRule[],
  fleet: Fleet,
  siblings: readonly AlertRule[] = [],
  evaluationSeconds = STEP_SECONDS,
): TestGroup[] {
  const recorded = recordingMap(recording)
  const {checks, timeline} = checkTimes(alert, timelineOf(alert, recorded), evaluationSeconds)
  const others = bystanders(alert, siblings)
  const outsiders = alert.absentSeries === undefined ? excludedWitnesses(alert, siblings) : []
  return testCases(alert, checks, outsiders).map((test) => {
    // In the silent case only an outsider that stays silent too can be there: nothing may fire.
    const present = outsiders.filter((o) => (test.values === 'fire' ? o.answers.fire !== 'unknown' : o.answers.silent === 'silent'))
    const series = inputSeries(alert, test, timeline, fleet, others, present)
    const answered = (firing: boolean) =>
      firing ? [...expectedAlerts(alert, series, recorded), ...present.flatMap((o) => (o.answers.fire === 'fires' ? expectedAlerts(o.rule, series, recorded, o.value) : []))] : []
    return {
      alert_rule_test: test.checks.map(({firing, seconds}) => ({
        alertname: alert.name,
        eval_time: `${seconds / 60}m`,
        exp_alerts: sortAlerts(answered(firing)),
      })),
      input_series: series.map((s) => ({series: seriesNotation(s.labels), values: valuesNotation(s.segments)})),
      interval: `${STEP_SECONDS / 60}m`,
      name: test.name,
    }
  })
}

function testCases(alert: AlertRule, {last, pending}: CheckTimes, outsiders: readonly Witness[]): TestCase[] {
  if (alert.absentSeries === undefined) {
    const who = representatives(alert).map((e) => e.name).join(', ')
    const proven = outsiders.filter((o) => o.answers.fire !== 'unknown').map((o) => o.entity.name)
    const notFor = proven.length > 0 ? ` (not for ${proven.join(', ')}, which have thresholds of their own)` : ''
    return [
      {checks: [{firing: true, seconds: last}], name: `${alert.name} fires past its threshold for ${who}${notFor}`, values: 'fire'},
      {checks: [{firing: false, seconds: last}], name: `${alert.name} stays silent just inside its threshold for ${who}`, values: 'silent'},
    ]
  }
  const who = alert.entities.map((e) => e.name).join(', ')
  const series = alert.absentSeries
  return [
    {
      checks: [
        {firing: false, seconds: pending},
        {firing: true, seconds: last},
      ],
      missing: series,
      name: `${alert.name} fires for ${who} once ${series} has been missing for ${alert.for}, not before`,
      values: 'silent',
    },
    {checks: [{firing: false, seconds: last}], name: `${alert.name} stays silent for ${who} while ${series} is present and fresh, past ${alert.for}`, values: 'silent'},
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
  const subjects = representatives(alert).flatMap((e) => Object.values(e.members).flat())
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

function inputSeries(
  alert: AlertRule,
  test: TestCase,
  timeline: Timeline,
  fleet: Fleet,
  others: readonly AlertRule[],
  outsiders: readonly Witness[],
): SyntheticSeries[] {
  const all = new SeriesSet(alert)
  // A missing-series rule names every entity, so its cases must give every entity its series.
  const own = alert.absentSeries === undefined ? representatives(alert) : alert.entities
  all.add(entitySeries(alert, test.values, timeline, fleet, own).filter((s) => s.labels.__name__ !== test.missing))
  for (const outsider of outsiders) all.add(entitySeries(alert, test.values, timeline, fleet, [outsider.entity]))
  const witnesses = new Set(outsiders.map((o) => o.entity.name))
  for (const other of others) all.add(entitySeries(other, 'silent', timeline, fleet, other.entities.filter((e) => !witnesses.has(e.name))))
  return all.sorted()
}

/**
 * One entity per selection and class (`runtime=~"ollama|vllm"` is tested with an Ollama and a vLLM
 * server), standing for all it selects: they share thresholds and PromQL. One subject per member:
 * a canary's comparison needs one stable server of its model, not all. The count depends on the
 * fleet's variety, never on its size.
 */
export function representatives(rule: AlertRule): Entity[] {
  return rule.selections.flatMap(({entities}) => {
    const byClass = new Map<string, Entity>()
    for (const entity of entities) {
      const key = Object.values(entity.classes).map((c) => c?.value ?? '').join('\u0000')
      if (!byClass.has(key)) byClass.set(key, representativeOf(entity))
    }
    return [...byClass.values()]
  })
}

/**
 * An entity that a selection of `alert` excludes by name, given the alert's readings: its own
 * rule (`rule`) fires there, stays silent, or cannot be told (the values fall between its fire and
 * silent readings, or the alert has several readings), in which case it is left out of that case.
 */
interface Witness {
  entity: Entity
  rule: AlertRule
  value: number
  answers: Record<'fire' | 'silent', 'fires' | 'silent' | 'unknown'>
}

/** The first excluded entity of each of the alert's other rules. */
function excludedWitnesses(alert: AlertRule, siblings: readonly AlertRule[]): Witness[] {
  const excluded = new Set(alert.selections.flatMap((s) => s.excluded))
  if (excluded.size === 0) return []
  const witnesses: Witness[] = []
  for (const rule of siblings) {
    if (rule === alert || rule.name !== alert.name || rule.absentSeries !== undefined) continue
    const entity = rule.entities.find((e) => excluded.has(e))
    if (!entity) continue
    const answers = {fire: answer(alert, rule, 'fire'), silent: answer(alert, rule, 'silent')}
    const first = alert.source.readings[0]!
    witnesses.push({answers, entity: representativeOf(entity), rule, value: readingValue(alert, first, first.reports ? 'reports' : 'fire')})
  }
  return witnesses
}

function representativeOf(entity: Entity): Entity {
  return {...entity, members: Object.fromEntries(Object.entries(entity.members).map(([role, subjects]) => [role, subjects.slice(0, 1)]))}
}

/** Whether `rule` fires at `alert`'s `which` reading: a comparison past `rule`'s own fire reading fires, one short of its silent reading does not. */
function answer(alert: AlertRule, rule: AlertRule, which: 'fire' | 'silent'): Witness['answers']['fire'] {
  if (alert.source.readings.length !== 1) return 'unknown'
  const reading = alert.source.readings[0]!
  const [fire, silent] = [readingValue(rule, reading, 'fire'), readingValue(rule, reading, 'silent')]
  const value = readingValue(alert, reading, which)
  const up = fire > silent
  if (up ? value >= fire : value <= fire) return 'fires'
  if (up ? value <= silent : value >= silent) return 'silent'
  return 'unknown'
}

/** The series of the given entities of a rule, its readings at their `which` values. */
function entitySeries(rule: AlertRule, which: Which, timeline: Timeline, fleet: Fleet, entities: readonly Entity[]): SyntheticSeries[] {
  const all = new SeriesSet(rule)
  for (const entity of entities) {
    const made = new Map<object, SyntheticSeries[]>()
    for (const reading of rule.source.readings) {
      const value = readingValue(rule, reading, which)
      for (const subject of entity.members[reading.spec.member ?? 'self'] ?? []) {
        const existing = made.get(subject) ?? []
        try {
          const series = synthesizeReading({existing, fleet, reading: reading.spec, subject, timeline, value})
          made.set(subject, [...existing, ...series])
          all.add(series)
        } catch (error) {
          if (error instanceof SynthesisError) throw located(rule, `test input for ${entity.name}: ${error.message}`)
          throw error
        }
      }
    }
  }
  return all.list()
}

/** Series by their labels: shared subjects (a stable server compared with two canaries) yield the same series once. */
class SeriesSet {
  private readonly byLabels = new Map<string, SyntheticSeries>()
  constructor(private readonly alert: AlertRule) {}

  add(series: readonly SyntheticSeries[]) {
    for (const s of series) {
      const key = seriesNotation(s.labels)
      const twin = this.byLabels.get(key)
      if (!twin) this.byLabels.set(key, s)
      else if (valuesNotation(twin.segments) !== valuesNotation(s.segments)) throw located(this.alert, `two test readings need different values for ${key}`)
    }
  }

  list = (): SyntheticSeries[] => [...this.byLabels.values()]
  sorted = (): SyntheticSeries[] => [...this.byLabels].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s)
}

/** absent() reads 1; otherwise the first reading's fire value is the alert's $value. */
function expectedAlerts(alert: AlertRule, series: SyntheticSeries[], recorded: ReadonlyMap<string, readonly string[]>, fired?: number) {
  const first = alert.source.readings[0]!
  const value = fired ?? (alert.absentSeries === undefined ? readingValue(alert, first, first.reports ? 'reports' : 'fire') : 1)
  let labelSets: Labels[]
  try {
    labelSets = outputLabels(alert.expr, {recording: recorded, series: series.map((s) => s.labels)})
  } catch (error) {
    if (error instanceof UnsupportedPromqlError) throw located(alert, error.message)
    throw error
  }
  const summary = mustParseAnnotation(alert.summary)
  const description = mustParseAnnotation(alert.description)
  // Label values may be templates (GpuXidError's `xid` carries the code): promtool compares them rendered.
  const rendered = (labels: Labels) =>
    Object.fromEntries(Object.entries(alert.labels).map(([k, v]) => [k, renderAnnotation(mustParseAnnotation(v), labels, value)]))
  return labelSets.map((labels) => ({
    exp_annotations: {
      description: renderAnnotation(description, labels, value),
      runbook_url: alert.runbookUrl,
      summary: renderAnnotation(summary, labels, value),
    },
    exp_labels: sortKeys({...labels, ...rendered(labels)}),
  }))
}

type ExpectedAlert = ReturnType<typeof expectedAlerts>[number]
const sortAlerts = (alerts: ExpectedAlert[]): ExpectedAlert[] =>
  alerts
    .map((a) => [JSON.stringify(a.exp_labels), a] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, a]) => a)

function mustParseAnnotation(text: string) {
  const parsed = parseAnnotation(text)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.parts
}

const sortKeys = (labels: Labels): Labels => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

const located = (alert: AlertRule, message: string) => new InputError([{...alert.source.at, message: `${alert.name}: ${message}`, path: 'test'}])

/**
 * Every entity's series at its rules' silent readings, `steps` one-minute samples each: what the
 * benchmark backfills into a real Prometheus to measure what evaluating the rules costs (unlike the
 * unit tests, which need one representative per variant, this is the whole fleet).
 *
 * A series several alerts read takes the first one's reading. Alerts that compare members of an
 * entity (a canary against its stable servers) come last: their silent readings are silent only
 * relative to each other (both sides at an error ratio of 1%, which the absolute alert calls too
 * high), so the absolute alerts set the fleet's healthy level and the comparisons see it. That level
 * is each server's own objective "just inside": a canary with a looser objective than its stable
 * servers would read as a regression, which the benchmark's fleets never build.
 */
export function fleetSeries(alerts: readonly AlertRule[], recording: readonly RecordingRule[], fleet: Fleet, steps: number): {series: string; values: number[]}[] {
  const seen = new Map<string, number[]>()
  const comparesMembers = (alert: AlertRule) => alert.entities.some((e) => !('self' in e.members))
  for (const alert of [...alerts.filter((a) => !comparesMembers(a)), ...alerts.filter(comparesMembers)]) {
    if (alert.absentSeries !== undefined) continue
    const timeline = {...timelineOf(alert, recordingMap(recording)), steps}
    for (const s of entitySeries(alert, 'silent', timeline, fleet, alert.entities)) {
      const key = seriesNotation(s.labels)
      if (!seen.has(key)) seen.set(key, s.segments.flatMap(({repeat, start, step}) => Array.from({length: repeat + 1}, (_, i) => start + i * step)))
    }
  }
  return [...seen].map(([series, values]) => ({series, values}))
}
