import {describe, expect, it} from 'vitest'

import {scopeExpression} from '../../src/grafana/promql.js'
import {rangedCalls} from './dashboard-json.js'
import {checkLogql} from './logql.js'

describe('the checks the dashboard tests rely on', () => {
  it('rejects LogQL that Loki would refuse', () => {
    expect(checkLogql('sum by (node) (count_over_time({node=~".+"} |~ "(?i)error" [5m]))')).toEqual([])
    expect(checkLogql('{node=~".*"}')).not.toEqual([])
    expect(checkLogql('{node=~".+"} |~ "(unclosed"')).not.toEqual([])
    expect(checkLogql('{host=~".+"}')).not.toEqual([])
    expect(checkLogql('{node=~".+"} | json')).not.toEqual([])
  })

  it('finds every rate() and increase() with its range', () => {
    expect(rangedCalls('sum(rate(a[5m])) / sum(increase(b{c="d"}[$__rate_interval]))')).toEqual(['rate(a[5m])', 'increase(b{c="d"}[$__rate_interval])'])
  })
})

describe('scopeExpression', () => {
  it('adds matchers to every selector and ranges every rate over $__rate_interval', () => {
    expect(scopeExpression('1 - avg without (cpu, mode) (rate(node_cpu_seconds_total{mode="idle"}[5m]))', [{label: 'node', op: '=~', value: '$node'}])).toBe(
      '1 - avg without (cpu, mode) (rate(node_cpu_seconds_total{mode="idle", node=~"$node"}[$__rate_interval]))',
    )
    expect(scopeExpression('a / b', [{label: 'x', op: '=', value: 'y'}])).toBe('a{x="y"} / b{x="y"}')
  })
})
