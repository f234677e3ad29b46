import {describe, expect, it} from 'vitest'

import {evaluateArithmetic} from '../../src/generators/prometheus-rules/arithmetic.js'
import {outputLabels, type Labels} from '../../src/generators/prometheus-rules/expected-labels.js'
import {goG4, humanize, humanizeDuration, parseAnnotation, renderAnnotation} from '../../src/generators/prometheus-rules/go-template.js'
import {injectMatchers, matcherFor} from '../../src/generators/prometheus-rules/promql.js'
import {formatSeconds, parseTemplate, renderTemplate} from '../../src/generators/prometheus-rules/template.js'

describe('Go template formatting, as Prometheus prints it', () => {
  it.each([
    [0.505, '505m'],
    [79, '79'],
    [0, '0'],
    [1234.5, '1.234k'],
    [1e-7, '100n'],
    [-2500, '-2.5k'],
  ])('humanize(%s) = %s', (value, text) => expect(humanize(value)).toBe(text))

  it.each([
    [0.505, '505ms'],
    [16.5, '16.5s'],
    [59.99, '59.99s'],
    [60, '1m 0s'],
    [97_200, '1d 3h 0m 0s'],
    [0, '0s'],
  ])('humanizeDuration(%s) = %s', (value, text) => expect(humanizeDuration(value)).toBe(text))

  it.each([
    [123_456, '1.235e+05'],
    [0.000_012_34, '1.234e-05'],
    [9.9996, '10'],
    [0.5, '0.5'],
  ])('%%.4g of %s = %s', (value, text) => expect(goG4(value)).toBe(text))

  it('renders labels, missing labels and value formats', () => {
    const parsed = parseAnnotation('{{ $labels.node }} {{$labels.gpu}} {{ $value | humanizePercentage }} {{ $value | printf "%.2f" }}')
    if (!parsed.ok) throw new Error(parsed.error)
    expect(renderAnnotation(parsed.parts, {node: 'pi-01'}, 0.0101)).toBe('pi-01 <no value> 1.01% 0.01')
  })

  it('refuses forms whose output it cannot predict', () => {
    expect(parseAnnotation('{{ $value }}').ok).toBe(false)
    expect(parseAnnotation('{{ range $labels }}x{{ end }}').ok).toBe(false)
  })
})

describe('template substitution', () => {
  it('fills variables, filters and calls, and leaves Prometheus templates alone', () => {
    const parsed = parseTemplate('x{${selector}} > ${threshold} ${max(temperature, gpu)} {{ $labels.node }} ${budget | percent} ${slo | duration}')
    if (!parsed.ok) throw new Error(parsed.error)
    const text = renderTemplate(parsed.parts, {
      call: (fn, args) => `${fn}:${args.join('/')}`,
      vars: {budget: 0.005, selector: 'node="a"', slo: 0.5, threshold: 0.1 + 0.2},
    })
    expect(text).toBe('x{node="a"} > 0.3 max:temperature/gpu {{ $labels.node }} 0.5% 500ms')
  })

  it('is strict', () => {
    const parsed = parseTemplate('${missing}')
    if (!parsed.ok) throw new Error(parsed.error)
    expect(() => renderTemplate(parsed.parts, {vars: {}})).toThrow('unknown variable ${missing}')
    expect(parseTemplate('${unterminated').ok).toBe(false)
    expect(parseTemplate('${a | shout}').ok).toBe(false)
  })

  it.each([
    [0.5, '500ms'],
    [15, '15s'],
    [93_600, '26h'],
    [691_200, '8d'],
    [5400, '90m'],
    [1.5, '1.5s'],
  ])('formats %s seconds as %s', (seconds, text) => expect(formatSeconds(seconds)).toBe(text))
})

describe('test-value arithmetic', () => {
  it('computes with precedence and parentheses, without float noise', () => {
    expect(evaluateArithmetic('14.4 * 0.005 * 1.01')).toEqual({ok: true, value: 0.07272})
    expect(evaluateArithmetic('0.01 + 2 / 100 - 0.001')).toEqual({ok: true, value: 0.029})
    expect(evaluateArithmetic('-(3 - 5) * 2')).toEqual({ok: true, value: 4})
    expect(evaluateArithmetic('2 +').ok).toBe(false)
    expect(evaluateArithmetic('1 / 0').ok).toBe(false)
  })
})

describe('PromQL helpers', () => {
  it('injects matchers into every selector, with or without existing matchers', () => {
    expect(injectMatchers('1 - a / b{x="1",}', 'node="n"')).toBe('1 - a{node="n"} / b{x="1",node="n"}')
    expect(injectMatchers('rate(c{y="2"}[5m])', 'node=~"a|b"')).toBe('rate(c{y="2",node=~"a|b"}[5m])')
  })

  it('builds equality or escaped regex matchers', () => {
    expect(matcherFor('node', ['pi-01'])).toBe('node="pi-01"')
    expect(matcherFor('node', ['pi.02', 'pi-01'])).toBe('node=~"pi-01|pi\\\\.02"')
  })
})

describe('expected alert labels', () => {
  const series: Labels[] = [
    {__name__: 'm_bucket', le: '0.5', node: 'a', server: 's1', instance: 'i'},
    {__name__: 'm_bucket', le: '+Inf', node: 'a', server: 's1', instance: 'i'},
    {__name__: 'g', node: 'a', model: 'x', server: 'c'},
    {__name__: 'g', node: 'a', model: 'x', server: 's'},
  ]
  const context = {recording: new Map([['r:m:p99', ['histogram_quantile(0.99, sum by (le, server) (rate(m_bucket[5m])))']]]), series}

  it('follows aggregation, histogram_quantile and recording rules', () => {
    expect(outputLabels('r:m:p99 > 1', context)).toEqual([{server: 's1'}])
  })

  it('follows group_left matching and and/or', () => {
    expect(outputLabels('g{server="c"} > on (model) group_left () 1.2 * max by (model) (g{server="s"})', context)).toEqual([{model: 'x', node: 'a', server: 'c'}])
    expect(outputLabels('g{server="c"} > on (model) max by (model) (g{server="s"})', context)).toEqual([{model: 'x'}])
    expect(outputLabels('g > 1 and g < 2', context)).toHaveLength(2)
    expect(outputLabels('rate(g[5m]) > 0 or rate(g[5m]) > 1', context)).toHaveLength(2)
    expect(outputLabels('time() - g{server="s"} > 3', context)).toEqual([{model: 'x', node: 'a', server: 's'}])
  })

  it('follows absent(): the equality matchers of a selector with no series, nothing while one exists', () => {
    expect(outputLabels('absent(g{server="s"})', context)).toEqual([])
    expect(outputLabels('absent(g{server="gone",node="a",model=~"x|y"})', context)).toEqual([{node: 'a', server: 'gone'}])
    expect(outputLabels('absent(g{server="gone",node="a",node="b"})', context)).toEqual([{server: 'gone'}])
    expect(outputLabels('absent_over_time(g{server="gone"}[1h])', context)).toEqual([{server: 'gone'}])
    expect(outputLabels('absent(sum(g{server="gone"}))', context)).toEqual([{}])
    expect(outputLabels('absent(g{server="s"}) or absent(g{server="t"}) or absent(g{server="u"})', context)).toEqual([{server: 't'}, {server: 'u'}])
  })
})
