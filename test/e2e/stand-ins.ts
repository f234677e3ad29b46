import {createServer, type Server} from 'node:http'

/**
 * Stand-in model servers that serve exactly what the real ones serve on /metrics (names, types,
 * labels, buckets) and answer /health, so the generated scrape jobs, probes, recording rules and
 * alerts run against the real exposition format without a GPU or a model.
 */
export type Mode = 'healthy' | 'slow' | 'failing'

export interface StandIn {
  port: number
  mode: Mode
  /** Metric families not served, as after an upstream rename. */
  omit: Set<string>
  stop(): Promise<void>
}

/**
 * vLLM V1: vllm-project/vllm vllm/v1/metrics/loggers.py (PrometheusStatLogger). Labels
 * model_name and engine; request_success has finished_reason per FinishReason (stop, length,
 * abort, and error since late 2025); latency buckets request_latency_buckets; TTFT and
 * inter-token buckets as there; token histograms build_1_2_5_buckets(max_model_len).
 */
const VLLM = {
  e2eBuckets: [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0],
  finishedReasons: ['stop', 'length', 'abort', 'error'],
  interTokenBuckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0],
  maxModelLen: 8192,
  ttftBuckets: [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0],
}

function oneTwoFive(max: number): number[] {
  const out: number[] = []
  for (let exponent = 0; ; exponent++) {
    for (const m of [1, 2, 5]) {
      const value = m * 10 ** exponent
      if (value > max) return out
      out.push(value)
    }
  }
}

/** prometheus_client writes floats Python's way: 1.0, 0.3, +Inf. */
const py = (n: number) => (n === Infinity ? '+Inf' : Number.isInteger(n) ? `${n}.0` : String(n))

class Histogram {
  private readonly counts: number[]
  private sum = 0
  private count = 0
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0)
  }
  observe(value: number) {
    this.buckets.forEach((le, i) => {
      if (value <= le) this.counts[i]! += 1
    })
    this.sum += value
    this.count += 1
  }
  lines(name: string, labels: string): string[] {
    return [
      ...this.buckets.map((le, i) => `${name}_bucket{${labels},le="${py(le)}"} ${py(this.counts[i]!)}`),
      `${name}_bucket{${labels},le="+Inf"} ${py(this.count)}`,
      `${name}_count{${labels}} ${py(this.count)}`,
      `${name}_sum{${labels}} ${py(this.sum)}`,
    ]
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (!server.listening) return resolve()
      server.closeAllConnections()
      server.close(() => resolve())
    })
}

/**
 * A vLLM OpenAI server. Every scrape of /metrics first finishes a few requests, as traffic between
 * scrapes would: 0.2 s each when healthy, 30 s when slow, and when failing an HTTP 5xx from the
 * OpenAI server that never finishes in the engine (then /health also answers 503). The HTTP counter is
 * prometheus_fastapi_instrumentator's, as vLLM serves it: status grouped (2xx, 5xx), no model_name.
 */
export async function startVllm(port: number, modelName: string): Promise<StandIn> {
  const labels = `engine="0",model_name="${modelName}"`
  const tokenBuckets = oneTwoFive(VLLM.maxModelLen)
  const h = {
    decode: new Histogram(VLLM.e2eBuckets),
    e2e: new Histogram(VLLM.e2eBuckets),
    generation: new Histogram(tokenBuckets),
    inference: new Histogram(VLLM.e2eBuckets),
    interToken: new Histogram(VLLM.interTokenBuckets),
    prefill: new Histogram(VLLM.e2eBuckets),
    prompt: new Histogram(tokenBuckets),
    queue: new Histogram(VLLM.e2eBuckets),
    ttft: new Histogram(VLLM.ttftBuckets),
  }
  const finished = new Map(VLLM.finishedReasons.map((r) => [r, 0]))
  const http = new Map([['2xx', 0], ['5xx', 0]])
  const totals = {generation: 0, preemptions: 0, prefixHits: 0, prefixQueries: 0, prompt: 0}
  const state: StandIn = {mode: 'healthy', omit: new Set(), port, stop: async () => {}}

  const finishRequests = () => {
    const latency = state.mode === 'slow' ? 30 : 0.2
    for (let i = 0; i < 5; i++) {
      const status = state.mode === 'failing' ? '5xx' : '2xx'
      http.set(status, http.get(status)! + 1)
      if (state.mode !== 'failing') finished.set('stop', finished.get('stop')! + 1)
      h.e2e.observe(latency)
      h.ttft.observe(latency / 4)
      h.interToken.observe(latency / 100)
      h.queue.observe(0.01)
      h.prefill.observe(latency / 4)
      h.decode.observe(latency * 0.75)
      h.inference.observe(latency)
      h.prompt.observe(50)
      h.generation.observe(100)
      totals.prompt += 50
      totals.generation += 100
      totals.prefixQueries += 50
      totals.prefixHits += 10
    }
  }
  const metric = (name: string, type: string, help: string, lines: string[]) =>
    state.omit.has(name) ? [] : [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines]
  const exposition = () =>
    [
      ...metric('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.', [`vllm:num_requests_running{${labels}} 1.0`]),
      ...metric('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.', [`vllm:num_requests_waiting{${labels}} 0.0`]),
      ...metric('vllm:kv_cache_usage_perc', 'gauge', 'KV-cache usage. 1 means 100 percent usage.', [`vllm:kv_cache_usage_perc{${labels}} 0.25`]),
      ...metric('vllm:prefix_cache_queries', 'counter', 'Prefix cache queries, in terms of number of queried tokens.', [`vllm:prefix_cache_queries_total{${labels}} ${py(totals.prefixQueries)}`]),
      ...metric('vllm:prefix_cache_hits', 'counter', 'Prefix cache hits, in terms of number of cached tokens.', [`vllm:prefix_cache_hits_total{${labels}} ${py(totals.prefixHits)}`]),
      ...metric('vllm:num_preemptions', 'counter', 'Cumulative number of preemption from the engine.', [`vllm:num_preemptions_total{${labels}} ${py(totals.preemptions)}`]),
      ...metric('vllm:prompt_tokens', 'counter', 'Number of prefill tokens processed.', [`vllm:prompt_tokens_total{${labels}} ${py(totals.prompt)}`]),
      ...metric('vllm:generation_tokens', 'counter', 'Number of generation tokens processed.', [`vllm:generation_tokens_total{${labels}} ${py(totals.generation)}`]),
      ...metric(
        'vllm:request_success',
        'counter',
        'Count of successfully processed requests.',
        [...finished].map(([reason, n]) => `vllm:request_success_total{${labels},finished_reason="${reason}"} ${py(n)}`),
      ),
      ...metric('http_requests_total', 'counter', 'Total number of requests by method, status and handler.', [...http].map(([status, n]) => `http_requests_total{handler="/v1/chat/completions",method="POST",status="${status}"} ${py(n)}`)),
      ...metric('vllm:request_prompt_tokens', 'histogram', 'Number of prefill tokens processed.', h.prompt.lines('vllm:request_prompt_tokens', labels)),
      ...metric('vllm:request_generation_tokens', 'histogram', 'Number of generation tokens processed.', h.generation.lines('vllm:request_generation_tokens', labels)),
      ...metric('vllm:time_to_first_token_seconds', 'histogram', 'Histogram of time to first token in seconds.', h.ttft.lines('vllm:time_to_first_token_seconds', labels)),
      ...metric('vllm:inter_token_latency_seconds', 'histogram', 'Histogram of inter-token latency in seconds.', h.interToken.lines('vllm:inter_token_latency_seconds', labels)),
      ...metric('vllm:e2e_request_latency_seconds', 'histogram', 'Histogram of e2e request latency in seconds.', h.e2e.lines('vllm:e2e_request_latency_seconds', labels)),
      ...metric('vllm:request_queue_time_seconds', 'histogram', 'Histogram of time spent in WAITING phase for request.', h.queue.lines('vllm:request_queue_time_seconds', labels)),
      ...metric('vllm:request_inference_time_seconds', 'histogram', 'Histogram of time spent in RUNNING phase for request.', h.inference.lines('vllm:request_inference_time_seconds', labels)),
      ...metric('vllm:request_prefill_time_seconds', 'histogram', 'Histogram of time spent in PREFILL phase for request.', h.prefill.lines('vllm:request_prefill_time_seconds', labels)),
      ...metric('vllm:request_decode_time_seconds', 'histogram', 'Histogram of time spent in DECODE phase for request.', h.decode.lines('vllm:request_decode_time_seconds', labels)),
    ].join('\n') + '\n'

  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      finishRequests()
      res.writeHead(200, {'content-type': 'text/plain; version=0.0.4; charset=utf-8'}).end(exposition())
    } else if (req.url === '/health') {
      res.writeHead(state.mode === 'failing' ? 503 : 200).end()
    } else res.writeHead(404).end()
  })
  await listen(server, port)
  state.stop = closer(server)
  return state
}

/**
 * llama.cpp's llama-server with --metrics: ggml-org/llama.cpp tools/server (the metrics handler in
 * server-context.cpp). Unlabelled series under the `llamacpp:` prefix, counters and gauges only.
 */
export async function startLlamaCpp(port: number): Promise<StandIn> {
  const totals = {decode: 0, predicted: 0, predictedSeconds: 0, prompt: 0, promptSeconds: 0}
  const state: StandIn = {mode: 'healthy', omit: new Set(), port, stop: async () => {}}
  const exposition = () => {
    totals.prompt += 200
    totals.promptSeconds += 0.5
    totals.predicted += 100
    totals.predictedSeconds += state.mode === 'slow' ? 20 : 2
    totals.decode += 100
    const metrics: [string, string, string, number][] = [
      ['counter', 'prompt_tokens_total', 'Number of prompt tokens processed.', totals.prompt],
      ['counter', 'prompt_seconds_total', 'Prompt process time', totals.promptSeconds],
      ['counter', 'tokens_predicted_total', 'Number of generation tokens processed.', totals.predicted],
      ['counter', 'tokens_predicted_seconds_total', 'Predict process time', totals.predictedSeconds],
      ['counter', 'n_decode_total', 'Total number of llama_decode() calls', totals.decode],
      ['gauge', 'n_busy_slots_per_decode', 'Average number of busy slots per llama_decode() call', 1],
      ['gauge', 'prompt_tokens_seconds', 'Average prompt throughput in tokens/s.', 400],
      ['gauge', 'predicted_tokens_seconds', 'Average generation throughput in tokens/s.', 50],
      ['gauge', 'requests_processing', 'Number of requests processing.', 1],
      ['gauge', 'requests_deferred', 'Number of requests deferred.', 0],
    ]
    return metrics.map(([type, name, help, value]) => `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${value}`).join('\n') + '\n'
  }
  const server = createServer((req, res) => {
    if (req.url === '/metrics') res.writeHead(200, {'content-type': 'text/plain; version=0.0.4'}).end(exposition())
    else if (req.url === '/health') {
      if (state.mode === 'failing') res.writeHead(503, {'content-type': 'application/json'}).end('{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}')
      else res.writeHead(200, {'content-type': 'application/json'}).end('{"status":"ok"}')
    } else res.writeHead(404).end()
  })
  await listen(server, port)
  state.stop = closer(server)
  return state
}

/** Alertmanager's webhook receiver: remembers every notification it is sent. */
export async function startWebhook(port: number): Promise<{received: {alerts: {labels: Record<string, string>; status: string}[]}[]; stop(): Promise<void>}> {
  const received: {alerts: {labels: Record<string, string>; status: string}[]}[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      try {
        received.push(JSON.parse(body))
      } catch {
        // Not a notification; ignore.
      }
      res.writeHead(200).end()
    })
  })
  await listen(server, port)
  return {received, stop: closer(server)}
}
