import {describe, expect, it} from 'vitest'

import {
  ACCELERATORS,
  HARDWARE,
  isAvailable,
  knownSeriesNames,
  METRICS,
  RUNTIMES,
  type SignalSource,
} from '../../src/catalog/index.js'
import {analyzePromql} from '../../src/promql/parse.js'

function sourceExpressions(source: SignalSource): string[] {
  if (!isAvailable(source)) return []
  if (source.kind === 'counter') return [...source.series]
  if (source.kind === 'gauge') return [source.series]
  if (source.kind === 'histogram') return [`${source.metric}_bucket${source.matchers ?? ''}`]
  return [source.expr]
}

const profiles = [
  ...Object.values(RUNTIMES).map((p) => ({id: `runtime ${p.id}`, signals: p.signals as Record<string, SignalSource>})),
  ...Object.values(HARDWARE).map((p) => ({id: `hardware ${p.id}`, signals: p.signals as Record<string, SignalSource>})),
  ...Object.values(ACCELERATORS).map((p) => ({id: `accelerator ${p.id}`, signals: p.signals as Record<string, SignalSource>})),
]

describe('catalog', () => {
  const known = knownSeriesNames()

  it.each(profiles)('$id: every signal source parses and names only catalog metrics', ({signals}) => {
    for (const [signal, source] of Object.entries(signals)) {
      for (const expr of sourceExpressions(source)) {
        const analysis = analyzePromql(expr)
        expect(analysis.errors, `${signal}: ${expr}`).toEqual([])
        for (const name of analysis.metricNames) expect(known.has(name), `${signal}: ${name} is not in METRICS`).toBe(true)
      }
    }
  })

  it('says why, wherever a signal is unavailable', () => {
    for (const {signals} of profiles) {
      for (const source of Object.values(signals)) if (source.kind === 'unavailable') expect(source.reason.length).toBeGreaterThan(10)
    }
  })

  it('has no metric twice and none of the names blog posts get wrong', () => {
    const names = METRICS.map((m) => m.name)
    expect(new Set(names).size).toBe(names.length)
    for (const wrong of ['node_thermal_zone_temp_celsius', 'llamacpp:kv_cache_usage_ratio', 'llamacpp:kv_cache_tokens', 'vllm:gpu_cache_usage_perc', 'tgi_request_count_total']) {
      expect(names).not.toContain(wrong)
    }
  })

  it('knows Ollama has no metrics endpoint and llama.cpp no latency histogram: both have them only from their logs', () => {
    expect(RUNTIMES.ollama.metrics).toBeNull()
    expect(RUNTIMES['llama-cpp'].signals.latency).toMatchObject({kind: 'histogram', metric: 'inferwatch_log_request_duration_seconds', via: 'logs'})
    expect(RUNTIMES.ollama.signals.requests).toMatchObject({kind: 'counter', via: 'logs'})
    expect(RUNTIMES.ollama.signals.outputLength.kind).toBe('unavailable')
    expect(RUNTIMES.vllm.signals.kvCache).toEqual({kind: 'gauge', series: 'vllm:kv_cache_usage_perc'})
  })
})

describe('analyzePromql', () => {
  it('finds metric names, including names with colons and __name__ matchers', () => {
    const analysis = analyzePromql('sum(rate(vllm:generation_tokens_total[5m])) / on() group_left {__name__="up", job="x"}')
    expect(analysis.errors).toEqual([])
    expect(analysis.metricNames).toEqual(['vllm:generation_tokens_total', 'up'])
  })
  it('reports syntax errors', () => {
    expect(analyzePromql('sum(rate(x[5m])').errors.length).toBeGreaterThan(0)
  })
})
