import {describe, expect, it} from 'vitest'

import {runGenerators} from '../../src/generators/run-generators.js'
import {checkMetrics, checkRuleGroups, checkTargets} from '../../src/verify/checks.js'
import {expectationsOf, withoutGrafanaVariables} from '../../src/verify/expectations.js'
import {loadExample} from '../helpers/fleet.js'

describe('what verify expects of a running stack', () => {
  it('lists every scrape target of the generated config, by job and discovered address', async () => {
    const expected = expectationsOf(runGenerators(await loadExample('gpu-server')))
    expect(expected.targets).toContainEqual({address: 'gpu-01.lan.example.com:8000', job: 'model-vllm'})
    expect(expected.targets).toContainEqual({address: 'https://gpu-01.lan.example.com:8000/health', job: 'probe-health'})
    expect(expected.targets).toContainEqual({address: 'gpu-01.lan.example.com:9100', job: 'node'})
    expect(expected.receivers).toEqual(['team-slack'])
    expect(expected.ruleGroups.map((g) => g.name)).toContain('inferwatch.recording.serving')
  })

  it('lists exporter metrics with the rules and panels that read them, through recording rules, never recorded names', async () => {
    const expected = expectationsOf(runGenerators(await loadExample('gpu-server')))
    const bucket = expected.metrics.find((m) => m.name === 'vllm:e2e_request_latency_seconds_bucket')!
    expect(bucket.provider).toBe('vLLM (job model-vllm)')
    expect(bucket.readBy).toContain('alert HighP99Latency (through server:inferwatch_request_latency_seconds:p99_5m)')
    expect(bucket.readBy.some((r) => r.startsWith('panel "'))).toBe(true)
    expect(expected.metrics.find((m) => m.name === 'DCGM_FI_DEV_GPU_TEMP')!.provider).toBe('NVIDIA DCGM exporter (job dcgm)')
    expect(expected.metrics.some((m) => m.name.includes(':inferwatch_') || m.name === 'ALERTS')).toBe(false)
  })

  it('reads Grafana queries as PromQL once their variables are replaced', () => {
    expect(withoutGrafanaVariables('rate(x_bucket{server=~"$server", model=~"${model}"}[$__rate_interval])')).toBe('rate(x_bucket{server=~"x", model=~"x"}[5m])')
  })

  it('reports a down target with Prometheus’ own error, a missing one, an unhealthy rule and a metric without series', () => {
    const targets = checkTargets(
      [{address: 'a:1', job: 'node'}, {address: 'b:1', job: 'node'}],
      [{discoveredLabels: {__address__: 'a:1', job: 'node'}, health: 'down', labels: {}, lastError: 'context deadline exceeded', scrapeUrl: 'http://a:1/metrics'}],
    )
    expect(targets.map((p) => p.message)).toEqual([
      'node a:1: down (http://a:1/metrics): context deadline exceeded',
      "node b:1: not among Prometheus' targets; is it running the generated prometheus.yml?",
    ])
    const groups = checkRuleGroups(
      [{file: 'prometheus/rules/alerts-node.yml', name: 'inferwatch.node', rules: ['NodeDown', 'NodeMemoryHigh']}],
      [{file: '/etc/prometheus/rules/alerts-node.yml', name: 'inferwatch.node', rules: [{health: 'err', lastError: 'many-to-many matching not allowed', name: 'NodeDown'}]}],
    )
    expect(groups.map((p) => p.message)).toEqual([
      'rule group inferwatch.node: rule NodeMemoryHigh is not loaded (an older prometheus/rules/alerts-node.yml?)',
      'rule group inferwatch.node: rule NodeDown is err: many-to-many matching not allowed',
    ])
    const metrics = checkMetrics([{name: 'vllm:num_requests_waiting', provider: 'vLLM (job model-vllm)', readBy: ['panel "Queue" of dashboard "x"', 'alert QueueSaturated']}], new Set())
    expect(metrics[0]!.message).toBe('vllm:num_requests_waiting has no series, but alert QueueSaturated, panel "Queue" of dashboard "x" read it; expected from vLLM (job model-vllm)')
  })
})
