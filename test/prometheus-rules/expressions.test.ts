import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {knownSeriesNames, metricFact} from '../../src/catalog/index.js'
import {children, parsePromql, textOf, vectorSelectors, type PromqlNode} from '../../src/generators/prometheus-rules/promql.js'
import {FLEETS, fleetNamed, rulesOutput} from './fleets.js'
import {alertsOf, recordsOf, rulesOf, testFiles, type TestFile} from './output.js'

const RATE_FUNCTIONS = new Set(['Rate', 'Irate', 'Increase'])

function mustParse(expr: string) {
  const parsed = parsePromql(expr)
  if (!parsed.ok) throw new Error(`${parsed.error}\n${expr}`)
  return parsed
}

/** Metric names under rate()/irate()/increase() anywhere in an expression. */
function ratedMetrics(root: PromqlNode, text: string): string[] {
  const out: string[] = []
  const cursor = root.cursor()
  do {
    if (cursor.name !== 'FunctionCall') continue
    const [identifier, body] = children(cursor.node)
    if (!RATE_FUNCTIONS.has(children(identifier!)[0]!.name)) continue
    out.push(...vectorSelectors({root: body!, text}).map((s) => s.name))
  } while (cursor.next())
  return out
}

describe.each(FLEETS)('generated expressions of %s', (name) => {
  it('parse with lezer-promql and name only catalog metrics or recording rules the output defines', async () => {
    const {files} = await rulesOutput(name)
    const known = knownSeriesNames()
    const recorded = new Set(recordsOf(files).map((r) => r.record!))
    for (const rule of rulesOf(files)) {
      const parsed = parsePromql(rule.expr)
      if (!parsed.ok) throw new Error(`${rule.alert ?? rule.record}: ${parsed.error}\n${rule.expr}`)
      for (const selector of vectorSelectors(parsed)) {
        expect(known.has(selector.name) || recorded.has(selector.name), `${rule.alert ?? rule.record} selects unknown ${selector.name}`).toBe(true)
      }
    }
  })

  it('rate() only counters and histogram series, never a gauge such as the DCGM XID code', async () => {
    const {files} = await rulesOutput(name)
    for (const rule of rulesOf(files)) {
      const parsed = parsePromql(rule.expr)
      if (!parsed.ok) throw new Error(parsed.error)
      for (const metric of ratedMetrics(parsed.root, parsed.text)) {
        const base = metricFact(metric) ?? metricFact(metric.replace(/_(bucket|sum|count)$/, ''))
        expect(base?.type, `${rule.alert ?? rule.record} rates ${metric}`).toMatch(/^(counter|histogram)$/)
      }
    }
  })

  it('gives every alert for, a severity label, summary and description using $labels, and its runbook_url', async () => {
    const fleet = await fleetNamed(name)
    const {files} = await rulesOutput(name)
    const alerts = alertsOf(files)
    expect(alerts.length).toBeGreaterThan(5)
    for (const alert of alerts) {
      expect(alert.for, alert.alert).toMatch(/^\d+[smhd]$/)
      expect(alert.labels?.severity, alert.alert).toMatch(/^(critical|warning|info)$/)
      expect(alert.annotations?.summary, alert.alert).toMatch(/\S/)
      expect(`${alert.annotations?.summary} ${alert.annotations?.description}`, alert.alert).toContain('{{ $labels.')
      expect(alert.annotations?.runbook_url).toBe(`${fleet.runbooks.baseUrl}/${alert.alert}.md`)
    }
  })

  it('ships a firing and a silent promtool case for every alert rule', async () => {
    const {files} = await rulesOutput(name)
    for (const file of testFiles(files)) {
      const area = file.path.replace(/^prometheus\/tests\/(.*)\.yml$/, '$1')
      const test = parse(file.content) as TestFile
      const rules = alertsOf(files.filter((f) => f.path === `prometheus/rules/alerts-${area}.yml`))
      // recording.yml only where an alert reads a recording rule: promtool evaluates every loaded rule at every step.
      const recorded = new Set(recordsOf(files).map((r) => r.record!))
      const readsRecording = rules.some((r) => vectorSelectors(mustParse(r.expr)).some((s) => recorded.has(s.name)))
      expect(test.rule_files).toEqual([...(readsRecording ? ['../rules/recording.yml'] : []), `../rules/alerts-${area}.yml`])
      const cases = test.tests.flatMap((t) => t.alert_rule_test)
      for (const alertname of new Set(rules.map((r) => r.alert!))) {
        const count = rules.filter((r) => r.alert === alertname).length
        // A missing-series rule is also checked just before its `for` ends, where it must not fire yet.
        const absent = rules.filter((r) => r.alert === alertname && r.labels?.condition === 'absent').length
        const firing = cases.filter((c) => c.alertname === alertname && c.exp_alerts.length > 0)
        const silent = cases.filter((c) => c.alertname === alertname && c.exp_alerts.length === 0)
        expect(firing, alertname).toHaveLength(count)
        expect(silent, alertname).toHaveLength(count + absent)
        for (const expected of firing.flatMap((c) => c.exp_alerts)) {
          expect(Object.keys(expected.exp_annotations).sort()).toEqual(['description', 'runbook_url', 'summary'])
          expect(expected.exp_annotations.description).not.toContain('{{')
        }
      }
    }
  })
})

it('lezer-promql catches what the check relies on: a syntax error and an unknown name are visible', () => {
  expect(parsePromql('sum(rate(x[5m])').ok).toBe(false)
  const parsed = parsePromql('rate(not_a_metric{a="b"}[5m]) > 0')
  if (!parsed.ok) throw new Error(parsed.error)
  expect(vectorSelectors(parsed).map((s) => s.name)).toEqual(['not_a_metric'])
  expect(knownSeriesNames().has('not_a_metric')).toBe(false)
  expect(textOf(parsed.text, parsed.root)).toBe(parsed.text)
})
