import type {RuntimeId, RuntimeProfile} from './runtimes.js'
import type {ServerSignal, SignalSource} from './signals.js'

/**
 * Metrics Fluent Bit derives from model-server logs, for runtimes that log every request but expose
 * no histogram (llama.cpp) or no /metrics at all (Ollama). The node's Fluent Bit parses the lines
 * (a Lua filter), counts and observes them with `log_to_metrics` filters and serves the result
 * through a `prometheus_exporter` output that Prometheus scrapes as job `fluent-bit-log-metrics`.
 *
 * Names follow fluent/fluent-bit plugins/filter_log_to_metrics/log_to_metrics.c: a metric is
 * `<metric_namespace>_<metric_subsystem>_<metric_name>` (cmt_*_create(namespace, subsystem, name));
 * the subsystem defaults to the mode name ("counter", "histogram") when unset, so inferwatch sets it.
 * Counters get no `_total` appended by cmetrics' Prometheus encoder, so the name carries it.
 * Labels are `label_field` record accessors: server, runtime, model, stage, model_version, set on
 * every record of a server's logs; a missing field exports as an empty value, which Prometheus
 * treats as no label. Node labels come from the scrape target, as for every other job.
 */
export const LOG_METRICS = {
  namespace: 'inferwatch',
  subsystem: 'log',
  /** Label fields, in order; the same as serverTargetLabels' server part. */
  labels: ['server', 'runtime', 'model', 'stage', 'model_version'],
  /** prometheus_exporter's own default port (plugins/out_prometheus_exporter/prom.c: tcp_port 2021). */
  defaultPort: 2021,
  metricsPath: '/metrics',
  job: 'fluent-bit-log-metrics',
} as const

const name = (metric: string) => `${LOG_METRICS.namespace}_${LOG_METRICS.subsystem}_${metric}`

/** The histograms and counters, with the record field each reads and the marker field that selects its records. */
export const LOG_DERIVED_METRICS = [
  {
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
    help: 'End-to-end request latency parsed from the model server log, seconds',
    metric: 'request_duration_seconds',
    mode: 'histogram',
    select: 'inferwatch_latency',
    valueField: 'duration_seconds',
  },
  {
    buckets: [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192],
    help: 'Tokens generated per request parsed from the model server log',
    metric: 'generated_tokens',
    mode: 'histogram',
    select: 'inferwatch_generation',
    valueField: 'generated_tokens',
  },
  {buckets: [], help: 'Requests the model server logged', metric: 'requests_total', mode: 'counter', select: 'inferwatch_request', valueField: null},
  {buckets: [], help: 'Requests the model server logged with a 5xx status', metric: 'request_errors_total', mode: 'counter', select: 'inferwatch_error', valueField: null},
] as const

export type LogDerivedMetric = (typeof LOG_DERIVED_METRICS)[number]

export function logMetricName(metric: LogDerivedMetric): string {
  return name(metric.metric)
}

/**
 * Signal sources for the catalog's runtime profiles; `via: 'logs'` marks them for normalize and the
 * docs. The names are Fluent Bit's alone (job fluent-bit-log-metrics), so no job matcher is needed.
 */
export const FROM_LOGS = {
  errors: {kind: 'counter', series: [name('request_errors_total')], via: 'logs'},
  latency: {kind: 'histogram', metric: name('request_duration_seconds'), via: 'logs'},
  outputLength: {kind: 'histogram', metric: name('generated_tokens'), via: 'logs'},
  requests: {kind: 'counter', series: [name('requests_total')], via: 'logs'},
} as const satisfies Partial<Record<ServerSignal, SignalSource>>

/**
 * How each runtime's log is read. `parser` names the Lua function of the generated script that
 * turns a line into the marker and value fields above. Formats verified in upstream source:
 * - llama.cpp: tools/server/server-context.cpp `print_timings()` logs, through SLT_INF
 *   (tools/server/server-common.h: "slot %12.*s: id %2d | task %d | "),
 *   `       eval time = %10.2f ms / %5d tokens (...)` and `      total time = %10.2f ms / %5d tokens`
 *   once per finished request; tools/server/server-http.cpp `log_server_request()` logs
 *   `done request: %s %s %s %d` (method, path, remote address, status) for every request but
 *   /health, /models, /props and /metrics — at INFO in older builds, at trace level (-lv 4) in newer.
 * - Ollama: server/routes.go GenerateRoutes uses gin.Default(), whose Logger (gin v1.10,
 *   logger.go defaultLogFormatter) writes `[GIN] 2006/01/02 - 15:04:05 | 200 |  1.234s |  127.0.0.1 | POST  "/api/chat"`,
 *   the latency a Go time.Duration string (ns, µs, ms, s, 1m2s).
 */
export interface RuntimeLog {
  parser: 'llamacpp' | 'ollama'
  /**
   * The log file the runtime writes, per OS, `{server}` replaced by the server's name; null where it
   * logs only to stderr (then the journal has it). llama-server writes one with `--log-file`;
   * Ollama's macOS app writes ~/.ollama/logs/server.log (docs/troubleshooting.md), on Linux only the journal.
   */
  logFile: {linux: string | null; darwin: string | null}
  title: string
}

export const RUNTIME_LOGS: Partial<Record<RuntimeId, RuntimeLog>> = {
  'llama-cpp': {
    logFile: {darwin: '/var/log/llama-server/{server}.log', linux: '/var/log/llama-server/{server}.log'},
    parser: 'llamacpp',
    title: 'llama-server print_timings and done-request lines',
  },
  ollama: {logFile: {darwin: '/Users/*/.ollama/logs/server.log', linux: null}, parser: 'ollama', title: 'Ollama (gin) request lines'},
}

/** Every log-derived series, for the catalog's METRICS table. */
export function logMetricFacts(): {name: string; type: 'counter' | 'histogram'; source: string; help: string}[] {
  return LOG_DERIVED_METRICS.map((m) => ({help: `${m.help} (from logs, via Fluent Bit log_to_metrics)`, name: logMetricName(m), source: 'fluent-bit-logs', type: m.mode}))
}

export function isFromLogs(source: SignalSource): boolean {
  return 'via' in source && source.via === 'logs'
}

/**
 * The runtime as a fleet sees it: log-derived signals exist only when the fleet ships the server's
 * own log lines (journald units or model-server log files) through Fluent Bit.
 */
export function withLogSignals(runtime: RuntimeProfile, shipsServerLogs: boolean): RuntimeProfile {
  if (shipsServerLogs) return runtime
  const reason = `${runtime.title} provides this only through its logs: ship them with logging.sources journald or model-servers`
  const signals = Object.fromEntries(
    Object.entries(runtime.signals).map(([signal, source]) => [signal, isFromLogs(source) ? {kind: 'unavailable', reason} : source]),
  ) as RuntimeProfile['signals']
  return {...runtime, signals}
}
