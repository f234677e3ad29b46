import {describe, expect, it} from 'vitest'

import {DEFAULT_TEXTFILE_DIRECTORY} from '../../src/catalog/index.js'
import {DEFAULTS} from '../../src/normalize/defaults.js'
import {fleetFromYaml, loadExample} from '../helpers/fleet.js'

const minimal = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: tiny}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    modelServers:
      - {name: llama, runtime: llama-cpp, models: [{name: qwen}]}
  - name: gpu-01
    address: 10.0.0.2
    hardware: nvidia-gpu
    exporters: {dcgm-exporter: {enabled: false}, cadvisor: {port: 8081}}
    modelServers:
      - {name: vllm, runtime: vllm, models: [{name: m}], slo: {latencyP99: 2s}}
      - {name: triton, runtime: triton, port: 9000, models: [{name: resnet}]}
`

describe('normalize', () => {
  it('applies every default from the defaults module', async () => {
    const fleet = await fleetFromYaml(minimal)
    expect(fleet.environment).toBe(DEFAULTS.environment)
    expect(fleet.scrape).toEqual({evaluationInterval: '15s', interval: '15s', timeout: '10s'})
    expect(fleet.thresholds).toEqual(DEFAULTS.thresholds)
    expect(fleet.prometheus.shards).toBe(1)
    expect(fleet.runbooks.baseUrl).toBe(DEFAULTS.runbooksBaseUrl)
  })

  it('resolves hardware and runtime profiles from the catalog', async () => {
    const fleet = await fleetFromYaml(minimal)
    const pi = fleet.nodes.find((n) => n.name === 'pi-01')!
    expect(pi.temperature).toEqual({critical: 80, warning: 75})
    expect(pi.exporters.map((e) => e.id)).toEqual(['node-exporter'])
    expect(pi.textfileDirectory).toBe(DEFAULT_TEXTFILE_DIRECTORY)
    const llama = fleet.servers.find((s) => s.name === 'llama')!
    expect(llama.port).toBe(8080)
    expect(llama.metrics).toEqual({path: '/metrics', port: 8080})
    expect(llama.runtime.signals.latency.kind).toBe('unavailable')
    const triton = fleet.servers.find((s) => s.name === 'triton')!
    expect(triton.metrics).toEqual({path: '/metrics', port: 8002})
    expect(triton.healthPath).toBe('/v2/health/ready')
  })

  it('lets the fleet switch exporters off and move ports', async () => {
    const fleet = await fleetFromYaml(minimal)
    const gpu = fleet.nodes.find((n) => n.name === 'gpu-01')!
    expect(gpu.exporters.map((e) => [e.id, e.port])).toEqual([
      ['node-exporter', 9100],
      ['cadvisor', 8081],
    ])
    expect(gpu.accelerators.map((a) => a.id)).toEqual(['nvidia'])
  })

  it('resolves SLOs: server overrides beat fleet defaults beat built-in defaults', async () => {
    const fleet = await fleetFromYaml(minimal)
    const vllm = fleet.servers.find((s) => s.name === 'vllm')!
    expect(vllm.slo).toEqual({availability: 0.995, errorRatio: 0.01, interTokenLatencyP95Seconds: 0.2, latencyP99Seconds: 2, ttftP95Seconds: 2})
    const gpuServer = await loadExample('gpu-server')
    expect(gpuServer.servers[0]!.slo).toMatchObject({latencyP99Seconds: 15, ttftP95Seconds: 1})
  })

  it('gives Ollama no metrics endpoint and sorts servers by name', async () => {
    const fleet = await loadExample('mixed')
    expect(fleet.servers.map((s) => s.name)).toEqual(['llama-blog', 'ollama-tools', 'vllm-canary', 'vllm-stable'])
    expect(fleet.servers.find((s) => s.runtime.id === 'ollama')!.metrics).toBeNull()
  })
})

describe('threshold overrides', () => {
  it('every threshold the rules read can be set in the fleet', async () => {
    const fleet = await fleetFromYaml(`${minimal}defaults:
  thresholds: {errorBudgetFastBurnRate: 10, errorBudgetSlowBurnRate: 5, driftStaleWindows: 4, diskFreePercent: 15}
`)
    expect(fleet.thresholds).toMatchObject({diskFreePercent: 15, driftStaleWindows: 4, errorBudgetFastBurnRate: 10, errorBudgetSlowBurnRate: 5})
    for (const key of Object.keys(DEFAULTS.thresholds)) expect(fleet.thresholds).toHaveProperty(key)
  })
})
