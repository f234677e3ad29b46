import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BUNDLED_RULES_DIR, fleetRules, instantiateRules, loadRuleCatalog} from '../../src/generators/prometheus-rules/index.js'
import {mustParsePromql, separableBy} from '../../src/generators/prometheus-rules/promql.js'
import {tempDir} from '../helpers/fleet.js'
import {fleetNamed} from './fleets.js'

const separable = (expr: string, label = 'runtime') => separableBy(mustParsePromql(expr), label)

/** The bundled catalog plus one recording file, `recording/extra.yml`. */
async function catalogWith(yaml: string) {
  const dir = await tempDir('inferwatch-rules-')
  await mkdir(join(dir, 'recording'), {recursive: true})
  await writeFile(join(dir, 'recording', 'extra.yml'), yaml)
  return loadRuleCatalog([BUNDLED_RULES_DIR, dir])
}

describe('recording rules shared by profiles that render alike', () => {
  it('one expression selects every profile whose expression differs only in its own matcher', async () => {
    const recording = fleetRules(await fleetNamed('mixed')).recording
    const of = (record: string) => recording.filter((r) => r.record === record)
    // llama.cpp and Ollama both count requests from their logs; vLLM has its own counter.
    expect(of('server:inferwatch_requests:rate5m').map((r) => r.entities)).toEqual([['llama.cpp server', 'Ollama'], ['vLLM']])
    expect(of('server:inferwatch_requests:rate5m')[0]!.expr).toContain('inferwatch_log_requests_total{runtime=~"llama-cpp|ollama"}')
    // Rules over recorded series read the same for every runtime: one selector, no `or` chain.
    const ratio = of('server:inferwatch_request_errors:ratio_rate5m')
    expect(ratio.map((r) => r.entities)).toEqual([['llama.cpp server', 'Ollama', 'vLLM']])
    expect(ratio[0]!.expr).toBe('server:inferwatch_request_errors:rate5m{runtime=~"llama-cpp|ollama|vllm"} / server:inferwatch_requests:rate5m{runtime=~"llama-cpp|ollama|vllm"}')
    // Different hardware profiles with the same node_exporter series share one; Apple Silicon reads macmon.
    expect(of('node:inferwatch_memory_used:ratio').map((r) => r.entities)).toEqual([['Apple Silicon (Mac mini / Mac Studio)'], ['Linux server with NVIDIA GPU', 'Raspberry Pi 5']])
  })

  it('keeps one expression per profile where the expression would add profiles up', async () => {
    const loaded = await catalogWith(
      ['group: extra', 'appliesTo: runtime', 'rules:', '  - record: fleet:inferwatch_requests:rate5m', '    signals: [requests]', '    expr: sum(server:inferwatch_requests:rate5m{${selector}})', ''].join('\n'),
    )
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'))
    const rules = instantiateRules(await fleetNamed('mixed'), loaded.catalog).recording.filter((r) => r.record === 'fleet:inferwatch_requests:rate5m')
    expect(rules.map((r) => r.entities)).toEqual([['llama.cpp server'], ['Ollama'], ['vLLM']])
    expect(rules.map((r) => r.expr)).toEqual(['llama-cpp', 'ollama', 'vllm'].map((id) => `sum(server:inferwatch_requests:rate5m{runtime="${id}"})`))
  })
})

describe('a recording group of the catalog', () => {
  const group = (interval: string) =>
    ['group: extra', 'appliesTo: runtime', `interval: ${interval}`, 'rules:', '  - record: server:inferwatch_requests:rate1m', '    signals: [requests]', '    expr: ${rate(requests, 1m)}', ''].join('\n')

  it('keeps its own interval in the output', async () => {
    const loaded = await catalogWith(group('30s'))
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'))
    const rules = instantiateRules(await fleetNamed('mixed'), loaded.catalog).recording
    expect(new Set(rules.filter((r) => r.group === 'extra').map((r) => r.interval))).toEqual(new Set(['30s']))
    expect(rules.filter((r) => r.group === 'serving').every((r) => r.interval === undefined)).toBe(true)
  })

  it('reports an interval that is not a duration at its line', async () => {
    const loaded = await catalogWith(group('soon'))
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.diagnostics.map((d) => [d.file.replace(/^.*\//, ''), d.line, d.path])).toEqual([['extra.yml', 3, 'interval']])
  })
})

describe('separableBy', () => {
  it('accepts expressions that keep the label on every path', () => {
    expect(separable('histogram_quantile(0.99, x{runtime="a"})')).toBe(true)
    expect(separable('sum by (server, runtime) (rate(x[5m])) or y * 0')).toBe(true)
    expect(separable('1 - avg without (cpu, mode) (rate(x[5m]))')).toBe(true)
    expect(separable('a / b')).toBe(true)
    expect(separable('a / ignoring (le) b')).toBe(true)
    expect(separable('sum by (runtime) (rate(x[5m]) or label_replace(rate(y[5m]), "part", "1", "", ""))')).toBe(true)
  })

  it('refuses aggregation, matching and functions that join series across the label', () => {
    expect(separable('sum(x)')).toBe(false)
    expect(separable('sum by (server) (x)')).toBe(false)
    expect(separable('max without (runtime) (x)')).toBe(false)
    expect(separable('topk(3, x)')).toBe(false)
    expect(separable('a > on (model) group_left () max by (model, runtime) (b)')).toBe(false)
    expect(separable('a / ignoring (runtime) b')).toBe(false)
    expect(separable('absent(x)')).toBe(false)
    expect(separable('x or vector(0)')).toBe(false)
    expect(separable('label_replace(x, "runtime", "all", "", "")')).toBe(false)
  })
})
