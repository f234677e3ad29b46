import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {formatDiagnostic} from '../../src/diagnostics/diagnostic.js'
import {BUNDLED_RULES_DIR, createPrometheusRulesGenerator, loadRuleCatalog} from '../../src/generators/prometheus-rules/index.js'
import {tempDir} from '../helpers/fleet.js'
import {writeOutput} from '../helpers/output.js'
import {fleetNamed} from './fleets.js'
import {alertsOf} from './output.js'
import {promtool} from './promtool.js'

/** A catalog folder with one alerts file. */
async function catalogWith(alerts: string, file = 'extra.yml'): Promise<string> {
  const dir = await tempDir('inferwatch-rules-')
  await mkdir(join(dir, 'alerts'), {recursive: true})
  await writeFile(join(dir, 'alerts', file), alerts)
  return dir
}

async function problems(alerts: string): Promise<string[]> {
  const result = loadRuleCatalog([BUNDLED_RULES_DIR, await catalogWith(alerts)])
  if (result.ok) return []
  return result.diagnostics.map((d) => formatDiagnostic({...d, file: d.file.replace(/^.*\//, '')}))
}

const entry = (fields: string) => `area: extra
alerts:
  - alert: KvCacheFull
    appliesTo: server
    signals: [kvCache]
    knobs: {threshold: fleet.thresholds.memoryUsedPercent}
    expr: server:inferwatch_kv_cache_usage:ratio{\${selector}} > \${threshold} / 100
    for: 10m
    severity: warning
    summary: KV cache of {{ $labels.server }} is full
    description: '{{ $labels.server }} uses {{ $value | humanizePercentage }} of its KV cache.'
    test:
      - {signal: kvCache, fire: '\${threshold} / 100 + 0.01', silent: '\${threshold} / 100'}
${fields}`

/** A backup alert with a missing-series branch, for the `absent` checks. */
const withAbsent = (absent: string) => `area: extra
alerts:
  - alert: BackupStale
    appliesTo: backup
    knobs: {maxAge: backup.maxAgeSeconds}
    expr: time() - inferwatch_backup_last_success_timestamp_seconds{\${selector}} > \${maxAge}
    for: 10m
    severity: warning
    summary: Backup {{ $labels.backup }} is stale
    description: 'Backup {{ $labels.backup }} is {{ $value | humanizeDuration }} old.'
    test:
      - {series: inferwatch_backup_last_success_timestamp_seconds, as: age, fire: '\${maxAge} + 3600', silent: '\${maxAge} - 60'}
    absent:
${absent}`

const ABSENT = `      series: inferwatch_backup_last_success_timestamp_seconds
      for: '\${maxAge} / 2'
      description: 'Backup {{ $labels.backup }} on {{ $labels.node }} has no timestamp.'
`

describe('loading the rule catalog', () => {
  it('loads the bundled catalog without problems', () => {
    const result = loadRuleCatalog([BUNDLED_RULES_DIR])
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([])
  })

  it('accepts a user extension, which then generates a rule and a passing promtool test', async () => {
    const catalog = loadRuleCatalog([BUNDLED_RULES_DIR, await catalogWith(entry(''))])
    expect(catalog.ok).toBe(true)
    const files = createPrometheusRulesGenerator(catalog).generate(await fleetNamed('gpu-server')).files
    expect(alertsOf(files).find((a) => a.alert === 'KvCacheFull')!.expr).toBe('server:inferwatch_kv_cache_usage:ratio{runtime="vllm"} > 90 / 100')
    const dir = await tempDir()
    await writeOutput(dir, files)
    const run = await promtool(['test', 'rules', 'prometheus/tests/extra.yml'], dir)
    expect(run.ok, run.output).toBe(true)
  })

  it.each([
    ['an unknown field', entry('    threshold: 5'), 'extra.yml:14:5: alerts[0].threshold: unknown field "threshold"'],
    ['a threshold written as a literal knob', entry('').replace('fleet.thresholds.memoryUsedPercent', '90'), 'alerts[0].knobs.threshold: must name a Fleet knob such as fleet.thresholds.queueDepth, not a value'],
    ['a knob from another scope', entry('').replace('fleet.thresholds.memoryUsedPercent', 'node.temperature.warning'), 'knob "node.temperature.warning" belongs to a node, but the rule applies to server entities'],
    ['an unknown signal', entry('').replace('signals: [kvCache]', 'signals: [kvCash]'), 'unknown server signal "kvCash"; known: requests'],
    ['an unknown variable', entry('').replace('> ${threshold} / 100', '> ${treshold} / 100'), 'unknown variable ${treshold}; available here: ${threshold}, ${selector}'],
    ['a signal function on an unlisted signal', entry('').replace('server:inferwatch_kv_cache_usage:ratio{${selector}}', '${max(queueDepth)}'), 'reads "queueDepth", which the rule does not list in signals'],
    ['an unknown function', entry('').replace('server:inferwatch_kv_cache_usage:ratio{${selector}}', '${p99(kvCache)}'), 'unknown function p99()'],
    ['invalid PromQL', entry('').replace('> ${threshold} / 100', '> > ${threshold}'), 'invalid PromQL'],
    ['a metric the catalog does not know', entry('').replace('server:inferwatch_kv_cache_usage:ratio', 'vllm:gpu_cache_usage_perc'), '"vllm:gpu_cache_usage_perc" is neither a metric in the catalog'],
    ['an unpredictable annotation', entry('').replace('{{ $value | humanizePercentage }}', '{{ $value }}'), 'unsupported template action "{{ $value }}"'],
    ['a test reading of an unlisted signal', entry('').replace('{signal: kvCache,', '{signal: running,'), 'test reads signal "running", which the rule does not list in signals'],
    ['bad test arithmetic', entry('').replace("fire: '${threshold} / 100 + 0.01'", "fire: '${threshold} / / 100'"), 'alerts[0].test[0].fire: unexpected "/"'],
    ['a reading with two kinds', entry('').replace('{signal: kvCache,', '{signal: kvCache, series: up,'), 'a test reading needs exactly one of signal, series or ratio'],
    ['a lower-case alert name', entry('').replace('alert: KvCacheFull', 'alert: kvCacheFull'), 'must be UpperCamelCase'],
    ['a duplicate of a bundled alert', entry('').replace('alert: KvCacheFull', 'alert: NodeDown'), 'duplicate alert "NodeDown"'],
  ])('reports %s with its location', async (_, yaml, message) => {
    const found = await problems(yaml)
    expect(found.join('\n')).toContain(message)
    expect(found.every((p) => /^extra\.yml:\d+:\d+: /.test(p) || /^\w+\.yml:\d+:\d+: /.test(p))).toBe(true)
  })

  it('accepts a missing-series branch in an extension, which generates an absent() rule and passing promtool tests', async () => {
    const catalog = loadRuleCatalog([BUNDLED_RULES_DIR, await catalogWith(withAbsent(ABSENT))])
    expect(catalog.ok ? [] : catalog.diagnostics.map(formatDiagnostic)).toEqual([])
    const files = createPrometheusRulesGenerator(catalog).generate(await fleetNamed('pi-cluster')).files
    const absent = alertsOf(files).filter((a) => a.alert === 'BackupStale' && a.labels?.condition === 'absent')
    expect(absent.map((a) => [a.expr, a.for])).toEqual([
      [
        'absent(inferwatch_backup_last_success_timestamp_seconds{backup="models",hardware="raspberry-pi-5",job="node",node="pi-01",role="inference",site="office",tenant="agency"})',
        '13h',
      ],
    ])
    const dir = await tempDir()
    await writeOutput(dir, files)
    const run = await promtool(['test', 'rules', 'prometheus/tests/extra.yml'], dir)
    expect(run.ok, run.output).toBe(true)
  })

  it.each([
    ['a literal duration', ABSENT.replace("'${maxAge} / 2'", "'86400'"), 'alerts[0].absent.for: must name a knob such as ${maxAge}, not a value'],
    ['an unknown knob', ABSENT.replace("'${maxAge} / 2'", "'${maxAg}'"), 'unknown variable ${maxAg}; available here: ${maxAge}'],
    ['a metric the expression does not read', ABSENT.replace('series: inferwatch_backup', 'series: inferwatch_drift'), 'alerts[0].absent.series: the expression does not read inferwatch_drift_last_success_timestamp_seconds'],
    ['a metric the catalog does not know', ABSENT.replace('series: inferwatch_backup_last_success_timestamp_seconds', 'series: backup_ok'), '"backup_ok" is not a metric in the catalog'],
    ['{{ $value }}, which absent() always sets to 1', ABSENT.replace('has no timestamp', 'is {{ $value | humanize }}'), 'alerts[0].absent.description: must not show {{ $value }}'],
    ['an unknown field', `${ABSENT}      labels: {team: ops}\n`, 'alerts[0].absent.labels: unknown field "labels"'],
  ])('reports a missing-series branch with %s', async (_, absent, message) => {
    expect((await problems(withAbsent(absent))).join('\n')).toContain(message)
  })

  it('reports a missing-series branch on entities no selector picks, and a summary that shows $value', async () => {
    const tls = withAbsent(ABSENT)
      .replace('appliesTo: backup', 'appliesTo: tls')
      .replace('knobs: {maxAge: backup.maxAgeSeconds}', 'knobs: {maxAge: fleet.thresholds.certificateExpiryDays}')
      .replace('{${selector}}', '')
    expect((await problems(tls)).join('\n')).toContain('alerts[0].absent: absent needs entities picked by one selector (node, server, drift, backup, logging), not tls')
    const summary = withAbsent(ABSENT).replace('summary: Backup {{ $labels.backup }} is stale', "summary: 'Backup {{ $labels.backup }} is {{ $value | humanizeDuration }} old'")
    expect((await problems(summary)).join('\n')).toContain('alerts[0].summary: must not show {{ $value }}')
  })

  it('reports canary readings without a side', async () => {
    const yaml = `area: extra
alerts:
  - alert: CanaryQueue
    appliesTo: canary
    signals: [queueDepth]
    expr: server:inferwatch_queue_depth:sum{\${canary}} > on (model) group_left () max by (model) (server:inferwatch_queue_depth:sum{\${stable}})
    for: 5m
    severity: info
    summary: '{{ $labels.server }} queues more than stable'
    description: '{{ $labels.server }} queues more than stable.'
    test:
      - {signal: queueDepth, fire: 2, silent: 0}
`
    expect((await problems(yaml)).join('\n')).toContain('canary rules need member: canary or stable on every test reading')
  })
})
