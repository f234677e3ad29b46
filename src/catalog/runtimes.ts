import {FROM_LOGS} from './log-metrics.js'
import {type ServerSignal, type SignalSource, unavailable} from './signals.js'

export const RUNTIME_IDS = ['ollama', 'vllm', 'llama-cpp', 'tgi', 'triton', 'custom'] as const
export type RuntimeId = (typeof RUNTIME_IDS)[number]

export interface RuntimeProfile {
  id: RuntimeId
  title: string
  /** The port the server listens on out of the box. */
  defaultPort: number
  /** Where Prometheus metrics are served; null when the runtime has none (then only probes observe it). */
  metrics: {path: string; port?: number; note?: string} | null
  /** An endpoint that answers 2xx only when the server can take requests. */
  healthPath: string
  /** The label on native series that names the model, if any. */
  modelLabel: string | null
  /** systemd unit most installs use, for runbook commands. */
  systemdUnit: string
  /**
   * Commands that show the server's state, for runbooks: `{base}` is the server's scheme://host:port,
   * `{health}` its health path and `{metrics}` its metrics URL.
   */
  diagnostics: readonly string[]
  signals: Record<ServerSignal, SignalSource>
  /** The label on a request counter that says why a request ended or failed, where the runtime has one. */
  reasonLabel?: {signal: 'requests' | 'errors'; label: string}
  notes: readonly string[]
}

const NO_METRICS_REASON = 'Ollama has no /metrics endpoint (ollama/ollama#3144), and its request log does not carry this'

function allUnavailable(reason: string): Record<ServerSignal, SignalSource> {
  const u = unavailable(reason)
  return {errors: u, generatedTokens: u, kvCache: u, latency: u, outputLength: u, promptTokens: u, queueDepth: u, requests: u, running: u, ttft: u}
}

export const RUNTIMES: Record<RuntimeId, RuntimeProfile> = {
  custom: {
    defaultPort: 8080,
    healthPath: '/health',
    id: 'custom',
    metrics: {path: '/metrics'},
    modelLabel: null,
    notes: ['inferwatch knows none of a custom runtime’s metrics: it is scraped and probed, but no runtime alerts are generated.'],
    signals: allUnavailable('a custom runtime exposes no metrics inferwatch knows'),
    systemdUnit: 'model-server',
    diagnostics: ['curl -fsS {base}{health}', 'curl -fsS {metrics} | head -50'],
    title: 'Custom model server',
  },
  'llama-cpp': {
    defaultPort: 8080,
    healthPath: '/health',
    id: 'llama-cpp',
    metrics: {note: 'start llama-server with --metrics, otherwise /metrics answers 501', path: '/metrics'},
    modelLabel: null,
    notes: [
      'llama.cpp has no latency or output-length histogram and no request counter: Fluent Bit derives them from its log (print_timings and done-request lines; newer builds log requests only at -lv 4).',
      'llama.cpp’s *_tokens_seconds gauges reset on every scrape: scrape it from one Prometheus only.',
    ],
    signals: {
      errors: FROM_LOGS.errors,
      generatedTokens: {kind: 'counter', series: ['llamacpp:tokens_predicted_total']},
      kvCache: unavailable('llama.cpp removed llamacpp:kv_cache_usage_ratio'),
      latency: FROM_LOGS.latency,
      outputLength: FROM_LOGS.outputLength,
      promptTokens: {kind: 'counter', series: ['llamacpp:prompt_tokens_total']},
      queueDepth: {kind: 'gauge', series: 'llamacpp:requests_deferred'},
      requests: FROM_LOGS.requests,
      running: {kind: 'gauge', series: 'llamacpp:requests_processing'},
      ttft: unavailable('llama.cpp has no time-to-first-token histogram'),
    },
    systemdUnit: 'llama-server',
    diagnostics: ['curl -fsS {base}{health}', 'curl -fsS {metrics} | grep \'^llamacpp:\'', 'curl -fsS {base}/slots'],
    title: 'llama.cpp server',
  },
  ollama: {
    defaultPort: 11434,
    healthPath: '/',
    id: 'ollama',
    metrics: null,
    modelLabel: null,
    notes: [
      'Ollama has no /metrics endpoint: it is probed, and Fluent Bit derives request, error and latency series from its request log.',
      'Ollama listens on 127.0.0.1:11434 unless OLLAMA_HOST says otherwise: set OLLAMA_HOST=0.0.0.0:11434 (and firewall the port) so the probe can reach it.',
    ],
    signals: {
      ...allUnavailable(NO_METRICS_REASON),
      errors: FROM_LOGS.errors,
      latency: FROM_LOGS.latency,
      outputLength: unavailable('Ollama’s request log has no token counts'),
      requests: FROM_LOGS.requests,
    },
    systemdUnit: 'ollama',
    diagnostics: ['ollama ps', 'curl -fsS {base}/api/tags', 'curl -fsS {base}/api/ps', 'curl -fsS {base}/api/version'],
    title: 'Ollama',
  },
  tgi: {
    defaultPort: 3000,
    healthPath: '/health',
    id: 'tgi',
    metrics: {path: '/metrics'},
    modelLabel: null,
    notes: ['TGI is in maintenance mode upstream; its counters have no _total suffix.'],
    reasonLabel: {label: 'err', signal: 'errors'},
    signals: {
      errors: {kind: 'counter', series: ['tgi_request_failure']},
      generatedTokens: {kind: 'counter', series: ['tgi_request_generated_tokens_sum']},
      kvCache: unavailable('TGI exports no KV cache usage'),
      latency: {kind: 'histogram', metric: 'tgi_request_duration'},
      outputLength: {kind: 'histogram', metric: 'tgi_request_generated_tokens'},
      promptTokens: {kind: 'counter', series: ['tgi_request_input_length_sum']},
      queueDepth: {kind: 'gauge', series: 'tgi_queue_size'},
      requests: {kind: 'counter', series: ['tgi_request_count']},
      running: {kind: 'gauge', series: 'tgi_batch_current_size'},
      ttft: unavailable('TGI exports no time-to-first-token histogram'),
    },
    systemdUnit: 'text-generation-inference',
    diagnostics: ['curl -fsS {base}{health}', 'curl -fsS {base}/info', 'curl -fsS {metrics} | grep \'^tgi_\''],
    title: 'Text Generation Inference',
  },
  triton: {
    defaultPort: 8000,
    healthPath: '/v2/health/ready',
    id: 'triton',
    metrics: {path: '/metrics', port: 8002},
    modelLabel: 'model',
    notes: ['Triton latencies are cumulative microsecond counters, not histograms: no percentile latency alerts.'],
    signals: {
      errors: {kind: 'counter', series: ['nv_inference_request_failure']},
      generatedTokens: unavailable('Triton counts inferences, not tokens'),
      kvCache: unavailable('Triton exports no KV cache usage'),
      latency: unavailable('Triton latencies are cumulative µs counters, not histograms'),
      outputLength: unavailable('Triton has no per-request token histogram'),
      promptTokens: unavailable('Triton counts inferences, not tokens'),
      queueDepth: unavailable('Triton exports queue time, not queue length'),
      requests: {kind: 'counter', series: ['nv_inference_request_success', 'nv_inference_request_failure']},
      running: unavailable('Triton exports no in-flight gauge in its default metrics'),
      ttft: unavailable('Triton has no time-to-first-token metric'),
    },
    systemdUnit: 'tritonserver',
    diagnostics: ['curl -fsS {base}{health}', 'curl -fsS {base}/v2/models/stats', 'curl -fsS {metrics} | grep \'^nv_inference\''],
    title: 'NVIDIA Triton Inference Server',
  },
  vllm: {
    defaultPort: 8000,
    healthPath: '/health',
    id: 'vllm',
    metrics: {path: '/metrics'},
    modelLabel: 'model_name',
    notes: ['vLLM V1 counts errors as finished_reason="error"; V0 has no such reason, so its error ratio reads 0.'],
    reasonLabel: {label: 'finished_reason', signal: 'requests'},
    signals: {
      errors: {kind: 'counter', series: ['vllm:request_success_total{finished_reason="error"}']},
      generatedTokens: {kind: 'counter', series: ['vllm:generation_tokens_total']},
      kvCache: {kind: 'gauge', series: 'vllm:kv_cache_usage_perc'},
      latency: {kind: 'histogram', metric: 'vllm:e2e_request_latency_seconds'},
      outputLength: {kind: 'histogram', metric: 'vllm:request_generation_tokens'},
      promptTokens: {kind: 'counter', series: ['vllm:prompt_tokens_total']},
      queueDepth: {kind: 'gauge', series: 'vllm:num_requests_waiting'},
      requests: {kind: 'counter', series: ['vllm:request_success_total']},
      running: {kind: 'gauge', series: 'vllm:num_requests_running'},
      ttft: {kind: 'histogram', metric: 'vllm:time_to_first_token_seconds'},
    },
    systemdUnit: 'vllm',
    diagnostics: ['curl -fsS {base}{health}', 'curl -fsS {base}/v1/models', 'curl -fsS {metrics} | grep -E \'^vllm:(num_requests|kv_cache|request_success)\''],
    title: 'vLLM',
  },
}

/** The job that scrapes a runtime's native metrics, e.g. `model-vllm`. */
export function modelServerJob(runtime: RuntimeId): string {
  return `model-${runtime}`
}
