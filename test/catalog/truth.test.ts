import {describe, expect, it} from 'vitest'

import {ACCELERATORS, EXPORTERS, METRICS, RUNTIME_IDS, RUNTIMES, metricFact, serverTargetLabels} from '../../src/catalog/index.js'
import {renderDatasourcesProvisioning} from '../../src/generators/grafana/datasources-provisioning.js'
import {parse} from 'yaml'
import {fleetFromYaml} from '../helpers/fleet.js'
import {generate, job, prometheusConfig, targetFiles} from '../prometheus-scrape/generate.js'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {formatDiagnostic} from '../../src/diagnostics/diagnostic.js'
import {loadFleet} from '../../src/pipeline.js'
import {tempDir} from '../helpers/fleet.js'

async function validateYaml(yaml: string): Promise<string[]> {
  const file = join(await tempDir(), 'fleet.yaml')
  await writeFile(file, yaml)
  const result = await loadFleet(file)
  return result.ok ? [] : result.diagnostics.map(formatDiagnostic)
}

/** Facts of issue #8, each checked against what the upstream source says (cited in src/catalog). */

const node = (extra = '') => `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: truth}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    accelerators: [hailo-8l]
${extra}`

describe('Hailo (jiiihwan/hailo_exporter)', () => {
  it('reads hailo_NPU_utilization_percent{NPU}, the name prometheus_client serves for unit="percent", on port 9102', () => {
    expect(ACCELERATORS['hailo-8l'].signals.npuUtilization).toEqual({kind: 'gauge', series: 'hailo_NPU_utilization_percent'})
    expect(metricFact('hailo_NPU_utilization')).toBeUndefined()
    expect(EXPORTERS['hailo-exporter'].defaultPort).toBe(9102)
  })

  it('says why, when the Hailo exporter lands on node_exporter’s 9100 (the packaged entry point’s default)', async () => {
    const problems = await validateYaml(node('    exporters:\n      hailo-exporter: {port: 9100}\n'))
    expect(problems).toEqual([expect.stringMatching(/exporters\.hailo-exporter\.port: port 9100 on node "pi-01" is already used by node-exporter; `python -m hailo_exporter` listens there by default/)])
  })
})

describe('target labels never collide with labels the runtime attaches itself', () => {
  const labelledNode = {hardware: {id: 'nvidia-gpu' as const}, labels: {site: 'dc', tenant: 'acme'}, name: 'gpu-01'}
  it.each(RUNTIME_IDS)('%s', (id) => {
    const labels = serverTargetLabels(labelledNode, {models: [{name: 'm', stage: 'stable', version: '1'}], name: 's', runtime: {id}})
    for (const own of RUNTIMES[id].ownLabels) expect(Object.keys(labels), `${id} attaches ${own} itself`).not.toContain(own)
  })

  it('so a Triton target has no `model` label that would rename Triton’s own to exported_model', async () => {
    const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: triton}
nodes:
  - name: gpu-01
    address: 10.0.0.2
    hardware: nvidia-gpu
    modelServers:
      - {name: triton-a, runtime: triton, models: [{name: resnet, version: "2"}]}
`)
    const [group] = targetFiles(generate(fleet)).get('model-triton')!
    expect(group!.labels).not.toHaveProperty('model')
    expect(group!.labels).toMatchObject({model_version: '2', runtime: 'triton', server: 'triton-a', stage: 'stable'})
  })
})

describe('other facts from upstream sources', () => {
  it('fluentbit_uptime is a counter (fluent/fluent-bit src/flb_metrics.c)', () => {
    expect(metricFact('fluentbit_uptime')?.type).toBe('counter')
  })

  it('Triton has a queue depth gauge and a reason label on failures', () => {
    expect(RUNTIMES.triton.signals.queueDepth).toEqual({kind: 'gauge', series: 'nv_inference_pending_request_count'})
    expect(RUNTIMES.triton.reasonLabel).toEqual({label: 'reason', signal: 'errors'})
  })

  it('TGI says where its port comes from: 3000 from the launcher, 80 in the official container', () => {
    expect(RUNTIMES.tgi.defaultPort).toBe(3000)
    expect(RUNTIMES.tgi.notes.join(' ')).toMatch(/PORT=80/)
    expect(RUNTIMES.tgi.notes.join(' ')).toMatch(/maintenance mode/)
  })

  it('SGLang serves sglang:* metrics on its port 30000 with --enable-metrics', () => {
    expect(RUNTIMES.sglang.defaultPort).toBe(30_000)
    expect(RUNTIMES.sglang.metrics?.note).toMatch(/--enable-metrics/)
    const names = METRICS.filter((m) => m.source === 'sglang').map((m) => m.name)
    for (const name of ['sglang:time_to_first_token_seconds', 'sglang:inter_token_latency_seconds', 'sglang:e2e_request_latency_seconds', 'sglang:num_queue_reqs', 'sglang:token_usage', 'sglang:prompt_tokens_total', 'sglang:generation_tokens_total']) {
      expect(names).toContain(name)
    }
  })

  it('vLLM errors come from the OpenAI server’s grouped HTTP status and the engine’s finish reason', () => {
    expect(RUNTIMES.vllm.signals.errors).toEqual({kind: 'counter', series: ['http_requests_total{handler=~"/v1/.*",status="5xx"}', 'vllm:request_success_total{finished_reason="error"}']})
    expect(RUNTIMES.vllm.signals.requests).toEqual({kind: 'counter', series: ['http_requests_total{handler=~"/v1/.*"}']})
  })

  it('a Mac’s power is the whole machine (macmon_sys_power_watts), not CPU + GPU + ANE', async () => {
    const {HARDWARE} = await import('../../src/catalog/index.js')
    expect(HARDWARE['apple-silicon'].signals.power).toEqual({kind: 'gauge', series: 'macmon_sys_power_watts'})
  })
})

describe('monitoring addresses come from the fleet (prometheus.url, pushgateway.url, grafana.datasourceUrl)', () => {
  const withDrift = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: addresses}
nodes:
  - name: gpu-01
    address: 10.0.0.2
    hardware: nvidia-gpu
    modelServers:
      - {name: vllm-a, runtime: vllm, models: [{name: llama}]}
drift:
  - {name: d, server: vllm-a}
`
  it('defaults to today’s localhost addresses', async () => {
    const fleet = await fleetFromYaml(withDrift)
    const config = prometheusConfig(generate(fleet))
    expect(job(config, 'prometheus').static_configs).toEqual([{targets: ['localhost:9090']}])
    expect(job(config, 'pushgateway').static_configs).toEqual([{targets: ['localhost:9091']}])
    expect(parse(renderDatasourcesProvisioning(fleet).content).datasources[0].url).toBe('http://localhost:9090')
  })

  it('uses the fleet’s, a route prefix included', async () => {
    const fleet = await fleetFromYaml(
      `${withDrift}prometheus: {url: "http://mon.lan:9090/prom/"}\npushgateway: {url: "http://push.lan:9091"}\ngrafana: {datasourceUrl: "http://prometheus.internal:9090"}\n`,
    )
    const config = prometheusConfig(generate(fleet))
    expect(job(config, 'prometheus')).toMatchObject({metrics_path: '/prom/metrics', static_configs: [{targets: ['mon.lan:9090']}]})
    expect(job(config, 'pushgateway').static_configs).toEqual([{targets: ['push.lan:9091']}])
    expect(parse(renderDatasourcesProvisioning(fleet).content).datasources[0].url).toBe('http://prometheus.internal:9090')
  })

  it('points Grafana at prometheus.url unless told otherwise', async () => {
    const fleet = await fleetFromYaml(`${withDrift}prometheus: {url: "https://mon.lan"}\n`)
    expect(parse(renderDatasourcesProvisioning(fleet).content).datasources[0].url).toBe('https://mon.lan')
    expect(job(prometheusConfig(generate(fleet)), 'prometheus')).toMatchObject({scheme: 'https', static_configs: [{targets: ['mon.lan:443']}]})
  })
})
