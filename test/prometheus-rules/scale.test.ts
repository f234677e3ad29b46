import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {mustParsePromql, vectorSelectors, type LabelMatcher} from '../../src/generators/prometheus-rules/promql.js'
import type {OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {isAvailable} from '../../src/catalog/signals.js'
// @ts-expect-error -- plain JavaScript shared with `npm run bench`, which runs without a build of the tests
import {mixedDerivedFleet, syntheticFleet} from '../../scripts/bench-fleets.mjs'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {writeOutput} from '../helpers/output.js'
import {expressionRules, ruleFiles, testFiles, type RuleFile, type TestFile} from './output.js'
import {promtool} from './promtool.js'

// Rules select entities by their class in the label contract, so what grows with the fleet is the
// fleet, not its rules: a 2,000-node fleet with the variety of a 20-node one gets rule and test files
// of about the same size. Only entities with thresholds of their own are named (and excluded from
// the shared rule), and only missing-series rules name every entity they watch.

type Output = {fleet: Fleet; files: OutputFile[]}
const synthetic = (nodes: number): Promise<string> => Promise.resolve(syntheticFleet(nodes) as string)
const mixedDerived = (nodes: number): Promise<string> => Promise.resolve(mixedDerivedFleet(nodes) as string)

async function rulesFor(yaml: Promise<string>): Promise<Output> {
  const fleet = await fleetFromYaml(await yaml)
  return {files: prometheusRulesGenerator.generate(fleet).files, fleet}
}

const bytes = (files: readonly OutputFile[], path: string) => Buffer.byteLength(files.find((f) => f.path === path)?.content ?? '')
const pathsOf = (files: readonly OutputFile[]) => [...ruleFiles(files), ...testFiles(files)].map((f) => f.path).sort()

/** Matchers of the first series selector of a rule's expression. */
const matchersOf = (expr: string): LabelMatcher[] => vectorSelectors(mustParsePromql(expr))[0]!.matchers
const names = (matcher: LabelMatcher | undefined) => (matcher ? matcher.value.replaceAll('\\', '').split('|').sort() : [])

async function promtoolTests(files: readonly OutputFile[]) {
  const dir = await tempDir()
  await writeOutput(dir, files)
  return {dir, run: await promtool(['test', 'rules', ...testFiles(files).map((f) => f.path)], dir)}
}

describe('the examples/mixed.yaml shape copied to 2,000 nodes (every llama.cpp server keeps its own slo override)', () => {
  let small: Output
  let large: Output
  beforeAll(async () => {
    ;[small, large] = await Promise.all([rulesFor(mixedDerived(21)), rulesFor(mixedDerived(2000))])
  })

  it('has the rule and test files of 21 nodes, within a few percent', () => {
    expect(large.fleet.nodes).toHaveLength(2000)
    expect(pathsOf(large.files)).toEqual(pathsOf(small.files))
    for (const path of pathsOf(small.files)) expect(bytes(large.files, path), path).toBeLessThanOrEqual(bytes(small.files, path) * 1.1 + 200)
  })

  it('groups the hundreds of equal overrides into one variant, selected by runtime', () => {
    const queue = expressionRules(large.files).filter((r) => r.alert === 'ModelServerDown' || r.alert === 'QueueSaturated')
    for (const rule of queue) expect(rule.expr).not.toMatch(/server[!=]~?"/)
  })

  it('passes promtool test rules', async () => {
    const {run} = await promtoolTests(large.files)
    expect(run.ok, run.output).toBe(true)
  })
})

describe('a synthetic fleet of 2,000 nodes against one of 20 with the same variety', () => {
  let small: Output
  let large: Output
  beforeAll(async () => {
    ;[small, large] = await Promise.all([rulesFor(synthetic(20)), rulesFor(synthetic(2000))])
  })

  it('has rule and test files within a small factor, except the missing-series rules, which name each drift job and backup', () => {
    expect(pathsOf(large.files)).toEqual(pathsOf(small.files))
    const perEntity = (path: string) => /-missing\.yml$/.test(path)
    for (const path of pathsOf(small.files).filter((p) => !perEntity(p))) {
      expect(bytes(large.files, path), path).toBeLessThanOrEqual(bytes(small.files, path) * 2.5)
    }
    const sum = (o: Output, keep: (p: string) => boolean) => pathsOf(o.files).filter(keep).reduce((total, p) => total + bytes(o.files, p), 0)
    expect(sum(large, (p) => !perEntity(p))).toBeLessThanOrEqual(sum(small, (p) => !perEntity(p)) * 2)
    // The exception: one absent() per drift job and backup, since absent() cannot name what it has never seen.
    const absentTerms = (o: Output) =>
      expressionRulesWith(o, 'absent').reduce((total, r) => total + (r.expr.match(/absent\(/g) ?? []).length, 0)
    expect(absentTerms(large)).toBe(large.fleet.drift.length + large.fleet.backups.length)
  })

  it('gives overridden servers their own rule, and excludes exactly them from the shared one', () => {
    const p99 = expressionRules(large.files).filter((r) => r.alert === 'HighP99Latency')
    expect(p99.map((r) => r.labels?.threshold)).toEqual(['0.5', '2', '1'])
    const [shared, ...own] = p99.map((r) => matchersOf(r.expr))
    // Runtimes with a latency histogram of their own or, as the fleet ships logs, one from their logs.
    const measured = large.fleet.servers.filter((s) => isAvailable(s.runtime.signals.latency))
    const overridden = (seconds: number) =>
      measured.filter((s) => s.slo.latencyP99Seconds === seconds).map((s) => s.name).sort()
    expect(shared!.find((m) => m.label === 'runtime')).toEqual({label: 'runtime', op: '=~', value: 'llama-cpp|ollama|tgi|vllm'})
    expect([...new Set(measured.map((s) => s.runtime.id))].sort().join('|')).toBe('llama-cpp|ollama|tgi|vllm')
    expect(names(shared!.find((m) => m.label === 'server' && m.op === '!~'))).toEqual([...overridden(2), ...overridden(1)].sort())
    expect(names(own[0]!.find((m) => m.label === 'server' && m.op === '=~'))).toEqual(overridden(2))
    expect(names(own[1]!.find((m) => m.label === 'server' && m.op === '=~'))).toEqual(overridden(1))
    expect(overridden(2).length).toBeGreaterThan(20)
  })

  it('tests every rule: each has a firing case whose alerts carry its labels, and a silent case', () => {
    const tests = testFiles(large.files).flatMap((f) => (parse(f.content) as TestFile).tests)
    for (const rule of expressionRulesWith(large, 'expression')) {
      // A templated label (GpuXidError's xid) is expected rendered: present, and no longer a template.
      const labelled = (a: {exp_labels: Record<string, string>}) =>
        Object.entries(rule.labels ?? {}).every(([k, v]) => (v.includes('{{') ? a.exp_labels[k] !== undefined && !a.exp_labels[k]!.includes('{{') : a.exp_labels[k] === v))
      const firing = tests.filter((t) => t.name.startsWith(`${rule.alert} fires past its threshold`))
      expect(
        firing.some((t) => t.alert_rule_test.some((c) => c.exp_alerts.some(labelled))),
        `${rule.alert} ${JSON.stringify(rule.labels)}`,
      ).toBe(true)
      expect(tests.some((t) => t.name.startsWith(`${rule.alert} stays silent just inside its threshold`))).toBe(true)
    }
  })

  it('passes promtool test rules, and fails it when the shared rule stops excluding the overridden servers', async () => {
    const {dir, run} = await promtoolTests(large.files)
    expect(run.ok, run.output).toBe(true)
    const path = join(dir, 'prometheus/rules/alerts-serving.yml')
    const file = parse(await readFile(path, 'utf8')) as RuleFile
    for (const rule of file.groups[0]!.rules) if (rule.alert === 'HighP99Latency') rule.expr = rule.expr.replace(/,server!~"[^"]*"/, '')
    await writeFile(path, stringify(file))
    const broken = await promtool(['test', 'rules', 'prometheus/tests/serving.yml'], dir)
    expect(broken.ok).toBe(false)
    expect(broken.output).toMatch(/name: HighP99Latency fires past its threshold for .* \(not for .*, which have thresholds of their own\)/)
  })
})

function expressionRulesWith(o: Output, kind: 'absent' | 'expression') {
  const all = ruleFiles(o.files).flatMap((f) => (parse(f.content) as RuleFile).groups.flatMap((g) => g.rules)).filter((r) => r.alert)
  return all.filter((r) => (r.labels?.condition === 'absent') === (kind === 'absent'))
}
