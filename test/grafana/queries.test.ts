import {describe, expect, it} from 'vitest'

import {knownSeriesNames} from '../../src/catalog/index.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {analyzePromql} from '../../src/promql/parse.js'
import {EXAMPLES, loadExample} from '../helpers/fleet.js'
import {generateDashboards, interpolateVariables, queriesOf, rangedCalls, recordedNames} from './dashboard-json.js'
import {checkLogql} from './logql.js'

const examples = await Promise.all(EXAMPLES.map(async (name) => ({fleet: await loadExample(name), name})))

describe.each(examples)('dashboards of $name', ({fleet}: {fleet: Fleet}) => {
  const dashboards = generateDashboards(fleet)
  const known = knownSeriesNames()
  const recorded = recordedNames(fleet)

  it('every PromQL query parses and names only catalog metrics or generated recording rules', () => {
    for (const {json} of dashboards) {
      for (const {expr, language, panel} of queriesOf(json)) {
        if (language !== 'prometheus') continue
        const analysis = analyzePromql(interpolateVariables(json, expr))
        expect(analysis.errors, `${json.uid} / ${panel.title}: ${expr}`).toEqual([])
        for (const name of analysis.metricNames) {
          expect(known.has(name) || recorded.has(name), `${json.uid} / ${panel.title}: ${name} is neither a catalog metric nor a recording rule`).toBe(true)
        }
      }
    }
  })

  it('every LogQL query is well formed (structural check, see logql.ts)', () => {
    for (const {json} of dashboards) {
      for (const {expr, language, panel} of queriesOf(json)) {
        if (language === 'loki') expect(checkLogql(interpolateVariables(json, expr)), `${json.uid} / ${panel.title}`).toEqual([])
      }
    }
  })

  it('ranges every rate() and increase() over $__rate_interval', () => {
    for (const {json} of dashboards) {
      for (const {expr} of queriesOf(json)) {
        for (const call of rangedCalls(expr)) expect(call, `${json.uid}: ${expr}`).toContain('[$__rate_interval]')
      }
    }
  })

  it('queries through the ${datasource} variable everywhere', () => {
    for (const {json} of dashboards) {
      for (const {panel} of queriesOf(json)) {
        expect(panel.datasource?.uid, `${json.uid} / ${panel.title}`).toBe('${datasource}')
        for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${datasource}')
      }
      for (const variable of json.templating.list.filter((v) => v.type === 'query')) expect(variable.datasource?.uid).toBe('${datasource}')
      expect(json.templating.list[0]).toMatchObject({name: 'datasource', type: 'datasource'})
    }
  })

  it('computes every quantile from a histogram, summed by le and the panel labels, never from a recorded quantile', () => {
    let quantiles = 0
    for (const {json} of dashboards) {
      for (const {expr, language, panel} of queriesOf(json)) {
        if (language !== 'prometheus') continue
        // A maximum of per-server quantiles is not the quantile of their requests: the recorded ones are for the alerts.
        expect(expr, `${json.uid} / ${panel.title}`).not.toMatch(/server:inferwatch_[a-z_]+:p\d+_5m/)
        const calls = expr.split('histogram_quantile(').length - 1
        const fromBuckets = [...expr.matchAll(/histogram_quantile\(0\.\d+, sum by \(le(, [a-z_]+)*\) \(rate\([a-zA-Z_:][a-zA-Z0-9_:]*_bucket[{[]/g)].length
        expect(fromBuckets, `${json.uid} / ${panel.title}: ${expr}`).toBe(calls)
        quantiles += calls
      }
    }
    if (fleet.servers.some((s) => s.runtime.signals.latency.kind === 'histogram')) expect(quantiles).toBeGreaterThan(0)
  })

  it('parses the selector of every label_values() variable', () => {
    for (const {json} of dashboards) {
      for (const variable of json.templating.list.filter((v) => v.type === 'query')) {
        const match = /^label_values\((?:(.+), )?([a-z_]+)\)$/.exec(String(variable.query))
        expect(match, String(variable.query)).not.toBeNull()
        if (match?.[1]) expect(analyzePromql(interpolateVariables(json, match[1])).errors).toEqual([])
      }
    }
  })
})
