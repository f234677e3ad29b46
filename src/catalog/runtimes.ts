import {FROM_LOGS} from './log-metrics.js'
import {type ServerSignal, type SignalSource, unavailable} from './signals.js'

export const RUNTIME_IDS = ['ollama', 'vllm', 'llama-cpp', 'tgi', 'triton', 'custom', 'sglang'] as const
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
  /**
   * Labels the runtime puts on its own series. A target label of the same name would overwrite
   * them (Prometheus renames the scraped one to exported_<name>), so the label contract never
   * attaches one of these (catalog/target-labels.ts; test/catalog/target-labels.test.ts).
   */
  ownLabels: readonly string[]
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
  return {errors: u, generatedTokens: u, interTokenLatency: u, kvCache: u, latency: u, outputLength: u, promptTokens: u, queueDepth: u, requests: u, running: u, ttft: u}
}

export const RUNTIMES: Record<RuntimeId, RuntimeProfile> = {
  custom: {
    defaultPort: 8080,
    healthPath: '/health',
    id: 'custom',
    metrics: {path: '/metrics'},
    modelLabel: null,
    ownLabels: [],
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
    // ggml-org/llama.cpp tools/server/server-context.cpp: its metrics carry no labels at all.
    ownLabels: [],
    notes: [
      'llama.cpp has no latency or output-length histogram and no request counter: Fluent Bit derives them from its log (print_timings and done-request lines; newer builds log requests only at -lv 4).',
      'llama.cpp’s *_tokens_seconds gauges reset on every scrape: scrape it from one Prometheus only.',
    ],
    signals: {
      errors: FROM_LOGS.errors,
      generatedTokens: {kind: 'counter', series: ['llamacpp:tokens_predicted_total']},
      interTokenLatency: unavailable('llama.cpp exports average throughput gauges, not a per-token latency histogram'),
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
    ownLabels: [],
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
    // huggingface/text-generation-inference launcher/src/main.rs: the launcher listens on 3000 by
    // default; the official container's Dockerfile sets PORT=80, so a server run from the image
    // needs `port: 80` in the fleet.
    defaultPort: 3000,
    healthPath: '/health',
    id: 'tgi',
    metrics: {path: '/metrics'},
    modelLabel: null,
    // router/src/server.rs and router/src/infer/mod.rs: `err` on tgi_request_failure is its only label.
    ownLabels: ['err'],
    notes: [
      'TGI is in maintenance mode upstream (since December 2025: fixes only, no new features); its counters have no _total suffix.',
      'TGI: the launcher listens on 3000 by default, but the official container sets PORT=80: set the server’s `port: 80` when it runs from the image.',
    ],
    reasonLabel: {label: 'err', signal: 'errors'},
    signals: {
      errors: {kind: 'counter', series: ['tgi_request_failure']},
      generatedTokens: {kind: 'counter', series: ['tgi_request_generated_tokens_sum']},
      // Each request observes its mean time per output token once: a per-request, not per-token, distribution.
      interTokenLatency: {kind: 'histogram', metric: 'tgi_request_mean_time_per_token_duration'},
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
    // triton-inference-server/server docs/user_guide/metrics.md and core src/metrics.cc: every
    // inference metric carries model and version; failures add reason (REJECTED, CANCELED, BACKEND, OTHER).
    ownLabels: ['model', 'version', 'reason'],
    notes: [
      'Triton latencies are cumulative microsecond counters, not histograms: no percentile latency alerts.',
      'Triton names the model itself (label `model`, the model repository name): inferwatch attaches no `model` target label to Triton targets, which would overwrite it.',
    ],
    reasonLabel: {label: 'reason', signal: 'errors'},
    signals: {
      errors: {kind: 'counter', series: ['nv_inference_request_failure']},
      generatedTokens: unavailable('Triton counts inferences, not tokens'),
      interTokenLatency: unavailable('Triton has no per-token latency metric'),
      kvCache: unavailable('Triton exports no KV cache usage'),
      latency: unavailable('Triton latencies are cumulative µs counters, not histograms'),
      outputLength: unavailable('Triton has no per-request token histogram'),
      promptTokens: unavailable('Triton counts inferences, not tokens'),
      queueDepth: {kind: 'gauge', series: 'nv_inference_pending_request_count'},
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
    // vLLM serves one model per process; model_name is its first --served-model-name, which the
    // fleet's `model` target label already names. The HTTP counters below have no model_name, so
    // aggregating by it would split errors from requests.
    modelLabel: null,
    // vllm/v1/metrics/loggers.py (model_name, engine, finished_reason) and
    // prometheus_fastapi_instrumentator (handler, method, status) in vLLM's OpenAI server.
    ownLabels: ['model_name', 'engine', 'finished_reason', 'handler', 'method', 'status'],
    notes: [
      'vLLM errors are the OpenAI server’s HTTP 5xx responses on /v1/* (http_requests_total{status="5xx"}, from prometheus_fastapi_instrumentator, reinstated by vllm-project/vllm#15657 in spring 2025), plus engine-internal failures (vllm:request_success_total{finished_reason="error"}, only in releases since late 2025). A non-streamed request that fails in the engine counts in both; 4xx (bad requests) are the client’s errors and count in neither.',
      'vLLM requests are the OpenAI server’s /v1/* HTTP requests of every status, so requests that never reach the engine count too.',
    ],
    // The HTTP status class (2xx, 4xx, 5xx: the instrumentator groups codes) says how requests ended.
    reasonLabel: {label: 'status', signal: 'requests'},
    signals: {
      errors: {kind: 'counter', series: ['http_requests_total{handler=~"/v1/.*",status="5xx"}', 'vllm:request_success_total{finished_reason="error"}']},
      generatedTokens: {kind: 'counter', series: ['vllm:generation_tokens_total']},
      // 0.11+; older releases name it vllm:time_per_output_token_seconds (deprecated).
      interTokenLatency: {kind: 'histogram', metric: 'vllm:inter_token_latency_seconds'},
      kvCache: {kind: 'gauge', series: 'vllm:kv_cache_usage_perc'},
      latency: {kind: 'histogram', metric: 'vllm:e2e_request_latency_seconds'},
      outputLength: {kind: 'histogram', metric: 'vllm:request_generation_tokens'},
      promptTokens: {kind: 'counter', series: ['vllm:prompt_tokens_total']},
      queueDepth: {kind: 'gauge', series: 'vllm:num_requests_waiting'},
      requests: {kind: 'counter', series: ['http_requests_total{handler=~"/v1/.*"}']},
      running: {kind: 'gauge', series: 'vllm:num_requests_running'},
      ttft: {kind: 'histogram', metric: 'vllm:time_to_first_token_seconds'},
    },
    systemdUnit: 'vllm',
    diagnostics: [
      'curl -fsS {base}{health}',
      'curl -fsS {base}/v1/models',
      'curl -fsS {metrics} | grep -E \'^vllm:(num_requests|kv_cache|request_success)\'',
      'curl -fsS {metrics} | grep -E \'^http_requests_total\\{handler="/v1/\'',
    ],
    title: 'vLLM',
  },
  // sgl-project/sglang python/sglang/srt/metrics/collector.py (metric names, types, buckets) and
  // python/sglang/srt/server_args.py (port 30000, --enable-metrics). Every series carries
  // model_name; the scheduler's gauges add engine_type, tp_rank and pp_rank.
  sglang: {
    defaultPort: 30_000,
    healthPath: '/health',
    id: 'sglang',
    metrics: {note: 'start SGLang with --enable-metrics, otherwise /metrics has no sglang:* series', path: '/metrics'},
    modelLabel: null,
    ownLabels: ['model_name', 'engine_type', 'tp_rank', 'pp_rank'],
    notes: [
      'SGLang counts aborted requests (sglang:num_aborted_requests_total), not failed ones: no error-ratio or burn-rate alerts for it.',
      'SGLang’s per-request output-length histogram (sglang:generation_tokens_histogram) exists only with --collect-tokens-histogram: drift jobs on SGLang need that flag.',
      'SGLang listens on 127.0.0.1:30000 unless started with --host 0.0.0.0 (and a firewall on the port).',
    ],
    signals: {
      errors: unavailable('SGLang exports no failed-request counter (only sglang:num_aborted_requests_total)'),
      generatedTokens: {kind: 'counter', series: ['sglang:generation_tokens_total']},
      interTokenLatency: {kind: 'histogram', metric: 'sglang:inter_token_latency_seconds'},
      // token_usage = used / max_total_num_tokens of the KV cache pool, 0–1.
      kvCache: {kind: 'gauge', series: 'sglang:token_usage'},
      latency: {kind: 'histogram', metric: 'sglang:e2e_request_latency_seconds'},
      outputLength: {kind: 'histogram', metric: 'sglang:generation_tokens_histogram'},
      promptTokens: {kind: 'counter', series: ['sglang:prompt_tokens_total']},
      queueDepth: {kind: 'gauge', series: 'sglang:num_queue_reqs'},
      requests: {kind: 'counter', series: ['sglang:num_requests_total']},
      running: {kind: 'gauge', series: 'sglang:num_running_reqs'},
      ttft: {kind: 'histogram', metric: 'sglang:time_to_first_token_seconds'},
    },
    systemdUnit: 'sglang',
    diagnostics: [
      'curl -fsS {base}{health}',
      'curl -fsS {base}/get_model_info',
      'curl -fsS {base}/get_server_info',
      'curl -fsS {metrics} | grep -E \'^sglang:(num_running_reqs|num_queue_reqs|token_usage)\'',
    ],
    title: 'SGLang',
  },
}

/** The job that scrapes a runtime's native metrics, e.g. `model-vllm`. */
export function modelServerJob(runtime: RuntimeId): string {
  return `model-${runtime}`
}
