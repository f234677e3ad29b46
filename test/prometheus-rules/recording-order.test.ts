import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {parsePromql, vectorSelectors} from '../../src/generators/prometheus-rules/promql.js'
import {FLEETS, rulesOutput, type FleetName} from './fleets.js'
import {ruleFiles, type RuleFile} from './output.js'

// Rules of a group run in order, each seeing what the ones before it recorded in the same
// evaluation. A recording rule that reads one recorded in its own group must come after it, or it
// reads the previous evaluation's value (or nothing, on the first).
describe.each(FLEETS)('recording rules of %s', (name: FleetName) => {
  it('read the series recorded in their own group only after the rule that records them', async () => {
    const {files} = await rulesOutput(name)
    const groups = ruleFiles(files).flatMap((f) => (parse(f.content) as RuleFile).groups)
    let checked = 0
    for (const group of groups) {
      const records = group.rules.map((r) => r.record).filter((r): r is string => r !== undefined)
      for (const [index, rule] of group.rules.entries()) {
        if (!rule.record) continue
        const parsed = parsePromql(rule.expr)
        if (!parsed.ok) throw new Error(parsed.error)
        for (const {name: series} of vectorSelectors(parsed)) {
          const at = records.indexOf(series)
          if (at === -1) continue
          checked++
          expect(at, `${rule.record} reads ${series}`).toBeLessThan(records.indexOf(rule.record))
          expect(index).toBeGreaterThan(0)
        }
      }
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('compute the long-window error ratios from the recorded 5m rates, once a minute in a group of their own', async () => {
    const {files} = await rulesOutput(name)
    const groups = ruleFiles(files).flatMap((f) => (parse(f.content) as RuleFile).groups)
    const ratiosOf = (group: string) =>
      groups.find((g) => g.name === group)?.rules.filter((r) => /^server:inferwatch_request_errors:ratio_rate/.test(r.record ?? '')) ?? []
    const fast = ratiosOf('inferwatch.recording.serving')
    const slow = ratiosOf('inferwatch.recording.slo-windows')
    expect(fast.map((r) => r.record)).toEqual(['server:inferwatch_request_errors:ratio_rate5m'])
    expect(slow.map((r) => r.record)).toEqual(['30m', '1h', '6h'].map((w) => `server:inferwatch_request_errors:ratio_rate${w}`))
    // The 5m group runs at the global evaluation_interval; the long windows once a minute.
    expect(groups.find((g) => g.name === 'inferwatch.recording.serving')).not.toHaveProperty('interval')
    expect(groups.find((g) => g.name === 'inferwatch.recording.slo-windows')).toHaveProperty('interval', '1m')
    for (const rule of [...fast, ...slow]) {
      const parsed = parsePromql(rule.expr)
      if (!parsed.ok) throw new Error(parsed.error)
      expect([...new Set(vectorSelectors(parsed).map((s) => s.name))].sort(), rule.record).toEqual(['server:inferwatch_request_errors:rate5m', 'server:inferwatch_requests:rate5m'])
    }
  })
})
