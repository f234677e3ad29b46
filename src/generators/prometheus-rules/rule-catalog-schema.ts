import {z} from 'zod'

import {duration, labelName, safeName} from '../../schema/primitives.js'

/**
 * The format of the rule catalog in `rules/` (bundled, and extensible by users): what a rule is,
 * which entities it is instantiated for, which catalog signals it needs, and which Fleet knobs set
 * its thresholds. Templates use `${...}` placeholders (see template.ts); Prometheus' own
 * `{{ $labels.x }}` / `{{ $value }}` templating passes through untouched.
 */

/** Alerts are instantiated per entity of one of these kinds. */
export const ALERT_SCOPES = ['fleet', 'node', 'server', 'canary', 'drift', 'backup', 'tls', 'logging', 'target'] as const
export type AlertScope = (typeof ALERT_SCOPES)[number]

/** Recording rules are instantiated once per runtime or hardware profile in use. */
export const RECORDING_SCOPES = ['runtime', 'hardware'] as const
export type RecordingScope = (typeof RECORDING_SCOPES)[number]

export const SEVERITIES = ['critical', 'warning', 'info'] as const

const describe = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({description}) as T

const alertName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, {message: 'must be UpperCamelCase such as NodeDown (it also names the runbook file)'})
const recordName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+$/, {message: 'must follow level:metric:operations, e.g. server:inferwatch_requests:rate5m'})
const variableName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, {message: 'must be letters and digits, starting with a letter'})
const template = z.string().trim().min(1)
/** A number here is the classic mistake: thresholds live in the fleet, rules only name them. */
const knobPath = z.custom<string>((value) => typeof value === 'string' && value.length > 0, {
  message: 'must name a Fleet knob such as fleet.thresholds.queueDepth, not a value: thresholds live in the fleet (src/normalize/defaults.ts)',
})
const signalList = describe(z.array(z.string().min(1)), 'catalog signals the rule reads; entities whose provider lacks one are skipped with a note')

/** Arithmetic over the rule's knobs, e.g. `${threshold} * 1.01`; a plain number is fine too. */
const testValue = z.union([z.number(), z.string().min(1)])

const reading = z
  .strictObject({
    signal: describe(z.string().min(1), 'a signal of the entity, synthesized from whatever series its runtime or hardware provides').optional(),
    series: describe(z.string().min(1), 'a literal series selector, e.g. up{job="node"}').optional(),
    ratio: describe(z.tuple([z.string().min(1), z.string().min(1)]), '[numerator, denominator] counter signals whose rate ratio is set').optional(),
    quantile: describe(z.number().gt(0).lt(1), 'for histogram signals: the quantile that reads the value').optional(),
    as: describe(z.enum(['gauge', 'rate', 'age', 'until', 'changes']), 'how a literal series carries the value (default gauge)').optional(),
    member: describe(z.enum(['canary', 'stable']), 'for canary rules: which side of the pair').optional(),
    labels: z.record(labelName, z.string()).optional(),
    fire: describe(testValue, 'the value that crosses the threshold; the first reading’s fire value is the alert’s $value'),
    reports: describe(testValue, 'the alert’s $value when this first reading fires, where that is not `fire` (a burn rate over a ratio reading; a changes reading of a raw series ends at fire + 1)').optional(),
    silent: describe(testValue, 'the value just inside the threshold, where the alert must stay silent'),
  })
  .superRefine((r, ctx) => {
    const kinds = [r.signal, r.series, r.ratio].filter((k) => k !== undefined).length
    if (kinds !== 1) ctx.addIssue({code: 'custom', message: 'a test reading needs exactly one of signal, series or ratio'})
    if (r.quantile !== undefined && r.signal === undefined) ctx.addIssue({code: 'custom', message: 'quantile only applies to a signal reading', path: ['quantile']})
    if (r.as !== undefined && r.series === undefined) ctx.addIssue({code: 'custom', message: '"as" only applies to a series reading', path: ['as']})
  })

/**
 * A second rule under the same alert name for when the series the expression reads is missing
 * altogether (the job never ran, its file was deleted, the Pushgateway restarted): `time() - x > t`
 * sees nothing then. It fires once the series has been absent for `for`, so a fresh install or a
 * newly added job is not paged before it could have run.
 */
const absentBranch = z.strictObject({
  series: describe(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {message: 'must be a metric name'}), 'the catalog metric whose absence also fires the alert'),
  for: describe(z.string().min(1), 'how long the series must be missing before the alert fires: arithmetic over the knobs, in seconds, e.g. ${maxAge}'),
  description: template,
})

export const alertEntrySchema = z.strictObject({
  alert: alertName,
  appliesTo: describe(z.enum(ALERT_SCOPES), 'the entities the alert is instantiated for'),
  signals: signalList.optional(),
  knobs: describe(z.record(variableName, knobPath), 'template variable → Fleet knob, e.g. {threshold: server.slo.latencyP99Seconds}').optional(),
  expr: template,
  for: duration,
  severity: z.enum(SEVERITIES),
  labels: describe(z.record(labelName, template), 'extra alert labels; may show {{ $value }} or {{ $labels.x }} (the XID code)').optional(),
  summary: template,
  description: template,
  test: describe(z.array(reading).min(1), 'synthetic readings for the promtool unit test that proves the alert fires'),
  absent: describe(absentBranch, 'also fire when the series is missing for a while; see rules/README.md').optional(),
})

export const alertFileSchema = z.strictObject({
  area: describe(safeName, 'output file prometheus/rules/alerts-<area>.yml'),
  alerts: z.array(alertEntrySchema).min(1),
})

export const recordingEntrySchema = z.strictObject({
  record: recordName,
  signals: signalList,
  expr: template,
})

export const recordingFileSchema = z.strictObject({
  group: safeName,
  appliesTo: z.enum(RECORDING_SCOPES),
  interval: describe(duration, 'how often Prometheus evaluates this group; without it, the global evaluation_interval').optional(),
  rules: z.array(recordingEntrySchema).min(1),
})

export type AlertEntrySpec = z.infer<typeof alertEntrySchema>
export type AlertFileSpec = z.infer<typeof alertFileSchema>
export type RecordingEntrySpec = z.infer<typeof recordingEntrySchema>
export type RecordingFileSpec = z.infer<typeof recordingFileSchema>
export type TestReadingSpec = z.infer<typeof reading>
export type AbsentBranchSpec = z.infer<typeof absentBranch>
