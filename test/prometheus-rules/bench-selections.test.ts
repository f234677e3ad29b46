import {describe, expect, it} from 'vitest'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {analyzePromql} from '../../src/promql/parse.js'
import {EXAMPLES, loadExample} from '../helpers/fleet.js'
// @ts-expect-error -- plain JavaScript run by `npm run bench` against the build
import {selectionsOf} from '../../scripts/bench-rule-cost.mjs'
import {rulesOf} from './output.js'

// The bench's floor for rule evaluation times reading each series selection of each rule alone; a
// selection it missed would make the floor look lower than what the rules must read.
const selections = (expr: string): string[] => selectionsOf(expr) as string[]

describe('the series selections the bench times for its rule-evaluation floor', () => {
  it('keeps a range with its selector and finds every selection once', () => {
    expect(selections('sum by (a) (rate(x{a="1"}[5m])) or y * 0')).toEqual(['x{a="1"}[5m]', 'y'])
    expect(selections('x > 0 and changes(x[10m]) > 0')).toEqual(['x', 'x[10m]'])
    expect(selections('sum_over_time(r:x[30m]) / sum_over_time(r:x[30m])')).toEqual(['r:x[30m]'])
    expect(selections('histogram_quantile(0.99, sum by (le) (rate(b_bucket{job="j"}[5m])))')).toEqual(['b_bucket{job="j"}[5m]'])
  })

  it.each(EXAMPLES)('finds a selection for every metric each generated rule of %s reads', async (name) => {
    const files = prometheusRulesGenerator.generate(await loadExample(name)).files
    const rules = rulesOf(files)
    expect(rules.length).toBeGreaterThan(10)
    for (const {expr} of rules) {
      const found = selections(expr)
      for (const selection of found) expect(expr).toContain(selection)
      const names = new Set(found.map((s) => analyzePromql(s).metricNames[0]))
      expect([...names].sort()).toEqual([...analyzePromql(expr).metricNames].sort())
    }
  })
})
