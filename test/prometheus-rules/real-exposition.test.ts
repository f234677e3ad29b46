import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {writeOutput} from '../helpers/output.js'
import {promtool} from './promtool.js'

/*
 * The generated rules against series shaped exactly as the real exporters serve them (names, labels,
 * values; upstream sources in src/catalog), plus the target labels the scrape config attaches — not
 * the engine's own synthetic series. Each case is a hand-written promtool test of one fact the audit
 * of issue #8 found wrong.
 */

const FLEET = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: truth}
nodes:
  - name: gpu-01
    address: 10.0.0.2
    hardware: nvidia-gpu
    labels: {site: dc, tenant: acme}
    modelServers:
      - {name: vllm-a, runtime: vllm, models: [{name: llama}]}
      - {name: vllm-c, runtime: vllm, port: 8001, models: [{name: llama, stage: canary}]}
      - {name: triton-a, runtime: triton, port: 8100, metricsPort: 8102, models: [{name: resnet}]}
      - {name: sglang-a, runtime: sglang, models: [{name: qwen}]}
`

const NODE = 'hardware="nvidia-gpu",node="gpu-01",site="dc",tenant="acme"'
const target = (server: string, runtime: string, model: string | null, stage: string | null, job: string, instance: string) =>
  `${NODE},instance="${instance}",job="${job}",runtime="${runtime}",server="${server}"${model ? `,model="${model}"` : ''}${stage ? `,stage="${stage}"` : ''}`
const VLLM_A = target('vllm-a', 'vllm', 'llama', 'stable', 'model-vllm', '10.0.0.2:8000')
const VLLM_C = target('vllm-c', 'vllm', 'llama', 'canary', 'model-vllm', '10.0.0.2:8001')
const TRITON = target('triton-a', 'triton', null, null, 'model-triton', '10.0.0.2:8102')
const SGLANG = target('sglang-a', 'sglang', 'qwen', 'stable', 'model-sglang', '10.0.0.2:30000')
const DCGM = `${NODE},instance="10.0.0.2:9400",job="dcgm",gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA L4",Hostname="gpu-01"`

/** The per-server labels a server: recording rule keeps (sum by the label contract). */
const serverOut = (server: string, runtime: string, extra: Record<string, string>) => ({...extra, hardware: 'nvidia-gpu', node: 'gpu-01', runtime, server, site: 'dc', tenant: 'acme'})
const braces = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`

/** Alerts as Prometheus records them in ALERTS: labels only, so a case states what fires, not its prose. */
const firing = (alertname: string, at: string, labels: Record<string, string>[]) => ({
  eval_time: at,
  exp_samples: labels.map((l) => ({labels: `ALERTS${braces({...l, alertname, alertstate: 'firing'})}`, value: 1})),
  expr: `ALERTS{alertname="${alertname}",alertstate="firing"}`,
})

async function runPromtool(tests: object[]): Promise<{ok: boolean; output: string}> {
  const output = prometheusRulesGenerator.generate(await fleetFromYaml(FLEET))
  const dir = await tempDir()
  await writeOutput(dir, output.files)
  const rules = output.files.map((f) => f.path).filter((p) => p.startsWith('prometheus/rules/'))
  await writeFile(join(dir, 'truth.yml'), stringify({evaluation_interval: '1m', rule_files: rules, tests}))
  return promtool(['test', 'rules', 'truth.yml'], dir)
}

describe('the generated rules on real exposition formats (promtool)', () => {
  it('vLLM: HTTP 5xx of the OpenAI server count as errors, although no finished_reason="error" series exists', async () => {
    const result = await runPromtool([
      {
        input_series: [
          // prometheus_fastapi_instrumentator groups status codes; vLLM excludes /metrics and /health.
          {series: `http_requests_total{${VLLM_A},handler="/v1/chat/completions",method="POST",status="2xx"}`, values: '0+540x30'},
          {series: `http_requests_total{${VLLM_A},handler="/v1/chat/completions",method="POST",status="5xx"}`, values: '0+60x30'},
          // Requests that fail in the HTTP layer never finish in the engine: only "stop" moves.
          {series: `vllm:request_success_total{${VLLM_A},engine="0",finished_reason="stop",model_name="llama"}`, values: '0+540x30'},
        ],
        interval: '1m',
        name: 'vLLM error ratio',
        promql_expr_test: [
          {eval_time: '20m', expr: 'server:inferwatch_request_errors:ratio_rate5m{server="vllm-a"}', exp_samples: [{labels: `server:inferwatch_request_errors:ratio_rate5m${braces(serverOut('vllm-a', 'vllm', {model: 'llama', stage: 'stable'}))}`, value: 0.1}]},
          firing('HighErrorRatio', '20m', [{...serverOut('vllm-a', 'vllm', {model: 'llama', stage: 'stable'}), severity: 'warning'}]),
        ],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })

  it('vLLM: HTTP 5xx and requests the engine finished with an error add up, each counted once', async () => {
    const result = await runPromtool([
      {
        input_series: [
          {series: `http_requests_total{${VLLM_A},handler="/v1/chat/completions",method="POST",status="2xx"}`, values: '0+480x30'},
          {series: `http_requests_total{${VLLM_A},handler="/v1/chat/completions",method="POST",status="5xx"}`, values: '0+60x30'},
          {series: `vllm:request_success_total{${VLLM_A},engine="0",finished_reason="error",model_name="llama"}`, values: '0+60x30'},
        ],
        interval: '1m',
        name: 'vLLM errors from both counters',
        promql_expr_test: [
          {eval_time: '20m', expr: 'server:inferwatch_request_errors:rate5m{server="vllm-a"}', exp_samples: [{labels: `server:inferwatch_request_errors:rate5m${braces(serverOut('vllm-a', 'vllm', {model: 'llama', stage: 'stable'}))}`, value: 2}]},
        ],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })

  it('Triton: requests are successes plus failures, two counters with the same labels', async () => {
    const labels = `${TRITON},model="resnet50_onnx",version="1"`
    const out = (record: string, value: number) => ({eval_time: '20m', expr: `${record}{server="triton-a"}`, exp_samples: [{labels: `${record}${braces(serverOut('triton-a', 'triton', {model: 'resnet50_onnx'}))}`, value}]})
    const result = await runPromtool([
      {
        input_series: [
          {series: `nv_inference_request_success{${labels}}`, values: '0+540x30'},
          {series: `nv_inference_request_failure{${labels}}`, values: '0+60x30'},
        ],
        interval: '1m',
        name: 'Triton requests and errors',
        promql_expr_test: [out('server:inferwatch_requests:rate5m', 10), out('server:inferwatch_request_errors:rate5m', 1), out('server:inferwatch_request_errors:ratio_rate5m', 0.1)],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })

  it('GpuXidError: a code that stays set is silent, a new code fires with the code as its xid label', async () => {
    const result = await runPromtool([
      {
        input_series: [{series: `DCGM_FI_DEV_XID_ERRORS{${DCGM}}`, values: '79x60'}],
        interval: '1m',
        name: 'XID 79 set an hour ago and never reset (dcgm-exporter#500)',
        promql_expr_test: [firing('GpuXidError', '60m', [])],
      },
      {
        input_series: [{series: `DCGM_FI_DEV_XID_ERRORS{${DCGM}}`, values: '0x30 79x30'}],
        interval: '1m',
        name: 'XID 79 appears',
        promql_expr_test: [
          firing('GpuXidError', '34m', [{...Object.fromEntries(DCGM.split(',').map((p) => p.split('=')).map(([k, v]) => [k, v!.replaceAll('"', '')])), severity: 'critical', xid: '79'}]),
          // Ten minutes after the change, changes() no longer sees it: the alert resolves.
          firing('GpuXidError', '45m', []),
        ],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })

  it('Triton: nv_inference_pending_request_count is the queue depth, and Triton keeps its own model label', async () => {
    const result = await runPromtool([
      {
        input_series: [{series: `nv_inference_pending_request_count{${TRITON},model="resnet50_onnx",version="1"}`, values: '12x20'}],
        interval: '1m',
        name: 'Triton queue',
        promql_expr_test: [
          {eval_time: '15m', expr: 'server:inferwatch_queue_depth:sum{server="triton-a"}', exp_samples: [{labels: `server:inferwatch_queue_depth:sum${braces(serverOut('triton-a', 'triton', {model: 'resnet50_onnx'}))}`, value: 12}]},
          firing('QueueSaturated', '15m', [{...serverOut('triton-a', 'triton', {model: 'resnet50_onnx'}), severity: 'warning'}]),
        ],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })

  it('SGLang: queue, KV cache and inter-token latency come from its sglang:* series', async () => {
    const sglang = `${SGLANG},model_name="Qwen/Qwen2.5-7B-Instruct"`
    const scheduler = `${sglang},engine_type="unified",pp_rank="0",tp_rank="0"`
    const out = serverOut('sglang-a', 'sglang', {model: 'qwen', stage: 'stable'})
    const result = await runPromtool([
      {
        input_series: [
          {series: `sglang:num_queue_reqs{${scheduler}}`, values: '3x20'},
          {series: `sglang:token_usage{${scheduler}}`, values: '0.5x20'},
          // Every gap 0.4 s: all tokens in the 0.4 bucket and above.
          {series: `sglang:inter_token_latency_seconds_bucket{${sglang},le="0.2"}`, values: '0x20'},
          {series: `sglang:inter_token_latency_seconds_bucket{${sglang},le="0.4"}`, values: '0+600x20'},
          {series: `sglang:inter_token_latency_seconds_bucket{${sglang},le="+Inf"}`, values: '0+600x20'},
        ],
        interval: '1m',
        name: 'SGLang',
        promql_expr_test: [
          {eval_time: '15m', expr: 'server:inferwatch_queue_depth:sum{server="sglang-a"}', exp_samples: [{labels: `server:inferwatch_queue_depth:sum${braces(out)}`, value: 3}]},
          {eval_time: '15m', expr: 'server:inferwatch_kv_cache_usage:ratio{server="sglang-a"}', exp_samples: [{labels: `server:inferwatch_kv_cache_usage:ratio${braces(out)}`, value: 0.5}]},
          firing('HighInterTokenLatency', '20m', [{...out, severity: 'warning'}]),
        ],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })

  it('CanaryWithoutBaseline: a canary with traffic and a stable side without any is reported, where the regression alerts are NaN', async () => {
    const result = await runPromtool([
      {
        input_series: [
          {series: `http_requests_total{${VLLM_C},handler="/v1/completions",method="POST",status="2xx"}`, values: '0+60x40'},
          {series: `http_requests_total{${VLLM_A},handler="/v1/completions",method="POST",status="2xx"}`, values: '5x40'},
        ],
        interval: '1m',
        name: 'canary without baseline',
        promql_expr_test: [
          firing('CanaryWithoutBaseline', '30m', [{...serverOut('vllm-c', 'vllm', {model: 'llama', stage: 'canary'}), severity: 'info'}]),
          firing('CanaryErrorRegression', '30m', []),
        ],
      },
    ])
    expect(result.ok, result.output).toBe(true)
  })
})
