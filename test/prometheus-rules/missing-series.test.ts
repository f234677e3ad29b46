import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'

import {fleetRules} from '../../src/generators/prometheus-rules/index.js'
import {children, parsePromql, textOf, vectorSelectors} from '../../src/generators/prometheus-rules/promql.js'
import {tempDir} from '../helpers/fleet.js'
import {writeOutput} from '../helpers/output.js'
import {FLEETS, fleetNamed, rulesOutput, type FleetName} from './fleets.js'
import {absentRules, expressionRules, testFiles, type Rule, type RuleFile, type TestFile} from './output.js'
import {promtool} from './promtool.js'

// The staleness alerts compare `time() - <last success timestamp>` with a maximum age, which sees
// nothing when the timestamp series does not exist at all: the backup never ran, its .prom file
// was deleted, the Pushgateway restarted. Each also gets a rule that fires once the series has
// been missing for that maximum age, carrying the same identity labels.

const WATCHED = {BackupTooOld: 'inferwatch_backup_last_success_timestamp_seconds', DriftJobStale: 'inferwatch_drift_last_success_timestamp_seconds'}

/** The absent() calls of an expression: the metric and the labels of its (equality-only) matchers. */
function absentCalls(expr: string): {metric: string; labels: Record<string, string>}[] {
  const parsed = parsePromql(expr)
  if (!parsed.ok) throw new Error(`${parsed.error}\n${expr}`)
  const calls: {metric: string; labels: Record<string, string>}[] = []
  const cursor = parsed.root.cursor()
  do {
    if (cursor.name !== 'FunctionCall') continue
    const [identifier, body] = children(cursor.node)
    if (children(identifier!)[0]!.name !== 'Absent') continue
    const [argument] = children(body!)
    expect(argument!.name, textOf(expr, cursor.node)).toBe('VectorSelector')
    const [selector] = vectorSelectors({root: argument!, text: expr})
    expect(selector!.matchers.every((m) => m.op === '='), textOf(expr, argument!)).toBe(true)
    calls.push({labels: Object.fromEntries(selector!.matchers.map((m) => [m.label, m.value])), metric: selector!.name})
  } while (cursor.next())
  return calls
}

const named = (rules: Rule[], alert: string) => rules.filter((r) => r.alert === alert)

describe('BackupTooOld', () => {
  it('also fires when the timestamp has been missing for the maximum age, naming the backup, its node and their routing labels', async () => {
    const {files} = await rulesOutput('pi-cluster')
    expect(named(expressionRules(files), 'BackupTooOld').map((r) => r.expr)).toEqual([
      'time() - inferwatch_backup_last_success_timestamp_seconds > 93600',
    ])
    const [absent, ...more] = named(absentRules(files), 'BackupTooOld')
    expect(more).toEqual([])
    expect(absent!.expr).toBe(
      'absent(inferwatch_backup_last_success_timestamp_seconds{backup="models",hardware="raspberry-pi-5",job="node",node="pi-01",role="inference",site="office",tenant="agency"})',
    )
    expect(absentCalls(absent!.expr)).toEqual([
      {
        labels: {backup: 'models', hardware: 'raspberry-pi-5', job: 'node', node: 'pi-01', role: 'inference', site: 'office', tenant: 'agency'},
        metric: WATCHED.BackupTooOld,
      },
    ])
    // Waits the maximum age itself: a fresh install is not paged before the first backup could run.
    expect(absent!.for).toBe('26h')
    expect(absent!.labels).toEqual({condition: 'absent', severity: 'warning'})
    expect(absent!.annotations!.summary).toBe('Backup {{ $labels.backup }} is out of date')
    expect(absent!.annotations!.description).toContain('backup {{ $labels.backup }} on {{ $labels.node }} has been recorded for 26h')
    expect(absent!.annotations!.description).not.toContain('$value')
  })

  it('gets one absent() per backup, with each backup’s own maximum age', async () => {
    const {files} = await rulesOutput('every-alert')
    const absent = named(absentRules(files), 'BackupTooOld')
    expect(absent.map((r) => [r.for, r.labels, absentCalls(r.expr).map((c) => [c.labels.backup, c.labels.node, c.labels.job])])).toEqual([
      ['8d', {condition: 'absent', severity: 'warning', threshold: '691200'}, [['configs', 'gpu-a', 'node']]],
      ['26h', {condition: 'absent', severity: 'warning', threshold: '93600'}, [['weights', 'pi-a', 'node']]],
    ])
  })
})

describe('DriftJobStale', () => {
  it('also fires when the drift job’s timestamp has been missing for as long as it may be stale, naming the job and its server', async () => {
    const {files} = await rulesOutput('gpu-server')
    const [absent, ...more] = named(absentRules(files), 'DriftJobStale')
    expect(more).toEqual([])
    // The pushed grouping labels include the server's node labels (site, tenant): routes and node inhibitions see the alert.
    expect(absent!.expr).toBe(
      'absent(inferwatch_drift_last_success_timestamp_seconds{job="assistant-output-length",hardware="nvidia-gpu",model="llama-3.1-8b-instruct",node="gpu-01",role="inference",server="vllm-assistant",site="datacenter",tenant="internal"})',
    )
    expect(absent!.for).toBe('3h')
    expect(absent!.labels).toEqual({condition: 'absent', severity: 'warning'})
    expect(absent!.annotations!.description).toContain('Drift job {{ $labels.job }} for {{ $labels.server }} has pushed no successful run for 3 scheduled runs 1h apart')
    expect(absent!.annotations!.description).not.toContain('$value')
  })

  it('waits runs × the longest gap between scheduled runs of each drift job', async () => {
    const {files} = await rulesOutput('every-alert')
    const absent = named(absentRules(files), 'DriftJobStale')
    expect(absent.map((r) => [r.for, r.labels?.threshold, absentCalls(r.expr).map((c) => c.labels)])).toEqual([
      ['3h', 'interval=3600,runs=3', [{hardware: 'nvidia-gpu', job: 'canary-drift', model: 'mistral-7b', node: 'gpu-a', role: 'inference', server: 'vllm-canary', site: 'dc1', tenant: 'internal'}]],
      ['6h', 'interval=7200,runs=3', [{hardware: 'nvidia-gpu', job: 'stable-drift', model: 'mistral-7b', node: 'gpu-a', role: 'inference', server: 'vllm-stable', site: 'dc1', tenant: 'internal'}]],
    ])
  })
})

describe.each(FLEETS)('missing series in the rules of %s', (name: FleetName) => {
  it('watches every entity of a staleness alert for a missing series too, with the same thresholds', async () => {
    const rules = fleetRules(await fleetNamed(name)).alerts.filter((a) => a.name in WATCHED)
    const stale = rules.filter((r) => r.absentSeries === undefined)
    const absent = rules.filter((r) => r.absentSeries !== undefined)
    expect(stale.length).toBeGreaterThan(0)
    expect(absent.map((r) => [r.name, r.entities.map((e) => e.name), r.knobs])).toEqual(stale.map((r) => [r.name, r.entities.map((e) => e.name), r.knobs]))
    for (const rule of absent) {
      expect(rule.absentSeries).toBe(WATCHED[rule.name as keyof typeof WATCHED])
      const own = rule.entities[0]!.selectors.selector!.label
      expect(absentCalls(rule.expr).map((c) => c.labels[own])).toEqual(rule.entities.map((e) => e.name))
    }
  })

  it('raises the missing-series alert with the identity of the staleness alert: the same labels but instance, plus condition="absent"', async () => {
    const {files} = await rulesOutput(name)
    const tests = testFiles(files).flatMap((f) => (parse(f.content) as TestFile).tests)
    for (const alertname of Object.keys(WATCHED)) {
      const firing = (which: RegExp) =>
        tests
          .filter((t) => which.test(t.name))
          .flatMap((t) => t.alert_rule_test.filter((c) => c.alertname === alertname).flatMap((c) => c.exp_alerts.map((a) => a.exp_labels)))
      // An entity with its own threshold can fire in another rule's case too (proving its exclusion).
      const unique = (labels: Record<string, string>[]) => [...new Map(labels.map((l) => [JSON.stringify(l), l])).values()]
      const stale = unique(firing(new RegExp(`^${alertname} fires past its threshold`)))
      const missing = firing(new RegExp(`^${alertname} fires for .* once .* has been missing`))
      expect(missing.length, alertname).toBe(stale.length)
      const identity = ({instance: _, ...labels}: Record<string, string>) => labels
      expect(missing).toEqual(expect.arrayContaining(stale.map((labels) => ({...identity(labels), condition: 'absent'}))))
      for (const labels of missing) expect(labels.instance).toBeUndefined()
    }
  })

  it('checks each missing-series rule silent one evaluation before its `for`, firing after it, and silent past it while the series is fresh', async () => {
    const {files} = await rulesOutput(name)
    const absent = fleetRules(await fleetNamed(name)).alerts.filter((a) => a.absentSeries !== undefined)
    expect(absent.map((a) => a.name).sort()).toEqual(expect.arrayContaining(['BackupTooOld']))
    for (const rule of absent) {
      // The missing-series cases live in the test file of the rule's own file (alerts-<area>-missing.yml).
      const file = testFiles(files).find((f) => f.path === `prometheus/tests/${rule.area}-missing.yml`)
      expect(file, rule.area).toBeDefined()
      const {evaluation_interval, rule_files, tests} = parse(file!.content) as TestFile
      expect(rule_files).toContain(`../rules/alerts-${rule.area}-missing.yml`)
      const who = rule.entities.map((e) => e.name)
      const forMinutes = minutes(rule.for)
      const step = minutes(evaluation_interval)
      // Coarser than the one-minute series, but still a dozen evaluations within the `for`.
      expect(step).toBeLessThanOrEqual(forMinutes / 12)
      const ofEntities = (t: TestFile['tests'][number]) => t.input_series.filter((s) => s.series.startsWith(`${rule.absentSeries}{`) && who.some((w) => s.series.includes(`="${w}"`)))
      const missing = tests.find((t) => t.name === `${rule.name} fires for ${who.join(', ')} once ${rule.absentSeries} has been missing for ${rule.for}, not before`)
      expect(missing, `${rule.name} ${who.join(', ')}`).toBeDefined()
      expect(ofEntities(missing!)).toEqual([])
      const [before, after] = missing!.alert_rule_test.map((c) => [minutes(c.eval_time), c.exp_alerts.length] as const)
      // The last evaluation before the `for` has passed: silent; two evaluations after it: every entity.
      expect(before![1]).toBe(0)
      expect(before![0] % step).toBe(0)
      expect(before![0]).toBeLessThan(forMinutes)
      expect(before![0] + step).toBeGreaterThanOrEqual(forMinutes)
      expect(after).toEqual([Math.ceil(forMinutes / step) * step + 2 * step, who.length])
      const fresh = tests.find((t) => t.name === `${rule.name} stays silent for ${who.join(', ')} while ${rule.absentSeries} is present and fresh, past ${rule.for}`)
      expect(fresh, `${rule.name} ${who.join(', ')}`).toBeDefined()
      expect(ofEntities(fresh!)).toHaveLength(who.length)
      expect(fresh!.alert_rule_test.map((c) => [minutes(c.eval_time), c.exp_alerts])).toEqual([[after![0], []]])
    }
  })
})

const minutes = (duration: string): number => {
  const match = /^(\d+)([mhd])$/.exec(duration)
  if (!match) throw new Error(`unexpected duration ${duration}`)
  return Number(match[1]) * {d: 1440, h: 60, m: 1}[match[2] as 'd' | 'h' | 'm']
}

// The new cases are not vacuous: promtool fails them against the rules as they were before (no
// missing-series rule) and against a missing-series rule that would page a fresh install early.
describe('promtool fails the missing-series cases when', () => {
  async function runWith(fleet: FleetName, area: string, change: (rules: Rule[]) => Rule[]) {
    const {files} = await rulesOutput(fleet)
    const dir = await tempDir()
    await writeOutput(dir, files)
    const path = join(dir, `prometheus/rules/alerts-${area}-missing.yml`)
    const file = parse(await readFile(path, 'utf8')) as RuleFile
    for (const group of file.groups) group.rules = change(group.rules)
    await writeFile(path, stringify(file))
    return promtool(['test', 'rules', `prometheus/tests/${area}-missing.yml`], dir)
  }

  it.each([
    ['pi-cluster', 'backup', 'BackupTooOld fires for models once inferwatch_backup_last_success_timestamp_seconds has been missing for 26h'],
    ['gpu-server', 'drift', 'DriftJobStale fires for assistant-output-length once inferwatch_drift_last_success_timestamp_seconds has been missing for 3h'],
  ] as const)('%s %s rules cannot see a missing series', async (fleet, area, failing) => {
    const run = await runWith(fleet, area, (rules) => rules.filter((r) => r.labels?.condition !== 'absent'))
    expect(run.ok).toBe(false)
    expect(run.output).toContain(`name: ${failing}`)
    expect(run.output).not.toMatch(/name: \w+ (fires past its threshold|stays silent just inside)/)
  })

  // The missing-series file is evaluated every 2h for a 26h maximum age: a rule that pages 10 minutes
  // after a fresh install fails, and so does one that waits only 23h (more than one step short).
  it.each([['10m'], ['23h']])('the missing-series rule would fire after %s instead of the maximum age', async (early) => {
    const run = await runWith('pi-cluster', 'backup', (rules) => rules.map((r) => (r.labels?.condition === 'absent' ? {...r, for: early} : r)))
    expect(run.ok).toBe(false)
    expect(run.output).toContain('name: BackupTooOld fires for models once inferwatch_backup_last_success_timestamp_seconds has been missing for 26h, not before')
    expect(run.output).toContain('alertname: BackupTooOld, time: 1d,')
  })

  it('sanity: the unchanged rules pass', async () => {
    const run = await runWith('pi-cluster', 'backup', (rules) => rules)
    expect(run.ok, run.output).toBe(true)
  })
})
