import {METRICS} from './metrics.js'

/**
 * Metric names people still write that no current exporter exposes, and what to write instead.
 * Lint reads this table; a blog post's rule on a name listed here never fires.
 */
export interface MetricCorrection {
  /** The name as people write it. */
  wrong: string
  /** The name the exporter exposes today; absent when nothing replaces it. */
  right?: string
  /** Exporter or runtime id from this catalog. */
  source: string
  why: string
  /** Upstream repository and path (or change) that shows it. */
  ref: string
}

export const METRIC_CORRECTIONS: readonly MetricCorrection[] = [
  {
    ref: 'prometheus/node_exporter collector/thermal_zone_linux.go (BuildFQName(namespace, "thermal_zone", "temp"), value already in °C)',
    right: 'node_thermal_zone_temp',
    source: 'node-exporter',
    why: 'node_exporter has never exposed a _celsius thermal-zone metric',
    wrong: 'node_thermal_zone_temp_celsius',
  },
  {
    ref: 'vllm-project/vllm vllm/v1/metrics/loggers.py (deprecated in vllm-project/vllm#18354, hidden since 0.12)',
    right: 'vllm:kv_cache_usage_perc',
    source: 'vllm',
    why: 'vLLM renamed its KV-cache gauge (same 0–1 fraction)',
    wrong: 'vllm:gpu_cache_usage_perc',
  },
  {
    ref: 'vllm-project/vllm vllm/v1/metrics/loggers.py (V1 engine has no CPU swap space)',
    source: 'vllm',
    why: 'vLLM V1 removed the CPU KV cache and its gauge',
    wrong: 'vllm:cpu_cache_usage_perc',
  },
  {
    ref: 'ggml-org/llama.cpp tools/server/README.md (removed by ggml-org/llama.cpp#13660)',
    source: 'llama-cpp',
    why: 'llama.cpp removed its KV-cache metrics from /metrics; no replacement exists',
    wrong: 'llamacpp:kv_cache_usage_ratio',
  },
  {
    ref: 'ggml-org/llama.cpp tools/server/README.md (removed by ggml-org/llama.cpp#13660)',
    source: 'llama-cpp',
    why: 'llama.cpp removed its KV-cache metrics from /metrics; no replacement exists',
    wrong: 'llamacpp:kv_cache_tokens',
  },
]

/**
 * Sources whose counters carry no `_total` suffix: TGI registers them through the Rust `metrics`
 * crate (huggingface/text-generation-inference router/src/server.rs, `metrics::counter!("tgi_request_count")`),
 * Triton through prometheus-cpp without the suffix (triton-inference-server/core src/metrics.cc).
 */
export const COUNTERS_WITHOUT_TOTAL: readonly string[] = ['tgi', 'triton']

/**
 * Name prefixes whose exporter's whole metric list is known (METRICS plus `otherNames`), so a name
 * under the prefix that is in neither is a typo or a removed metric rather than an unlisted one.
 */
export const CLOSED_NAMESPACES: readonly {prefix: string; source: string; otherNames: readonly string[]; ref: string}[] = [
  {
    otherNames: ['llamacpp:n_busy_slots_per_decode', 'llamacpp:n_tokens_max'],
    prefix: 'llamacpp:',
    ref: 'ggml-org/llama.cpp tools/server/README.md (/metrics section)',
    source: 'llama-cpp',
  },
]

/**
 * Labels an exporter attaches to its own series (target labels such as job and instance come on
 * top). Only metrics listed here are checked for labels; `le` comes with every histogram bucket.
 */
export const METRIC_LABELS: Readonly<Record<string, readonly string[]>> = {
  // prometheus/node_exporter collector/thermal_zone_linux.go, hwmon_linux.go, cpu_linux.go, filesystem_common.go, netdev_common.go
  node_thermal_zone_temp: ['zone', 'type'],
  node_hwmon_temp_celsius: ['chip', 'sensor'],
  node_hwmon_temp_max_celsius: ['chip', 'sensor'],
  node_hwmon_temp_crit_celsius: ['chip', 'sensor'],
  node_hwmon_in_lcrit_alarm_volts: ['chip', 'sensor'],
  node_cooling_device_cur_state: ['name', 'type'],
  node_cpu_seconds_total: ['cpu', 'mode'],
  node_filesystem_avail_bytes: ['device', 'device_error', 'fstype', 'mountpoint'],
  node_filesystem_size_bytes: ['device', 'device_error', 'fstype', 'mountpoint'],
  node_network_receive_bytes_total: ['device'],
  node_network_transmit_bytes_total: ['device'],
  node_memory_MemAvailable_bytes: [],
  node_memory_MemTotal_bytes: [],
  node_boot_time_seconds: [],
  // vllm-project/vllm vllm/v1/metrics/loggers.py: labelnames model_name and engine; finished_reason on request_success
  'vllm:num_requests_running': ['model_name', 'engine'],
  'vllm:num_requests_waiting': ['model_name', 'engine'],
  'vllm:kv_cache_usage_perc': ['model_name', 'engine'],
  'vllm:prompt_tokens_total': ['model_name', 'engine'],
  'vllm:generation_tokens_total': ['model_name', 'engine'],
  'vllm:request_success_total': ['model_name', 'engine', 'finished_reason'],
  'vllm:e2e_request_latency_seconds': ['model_name', 'engine'],
  'vllm:time_to_first_token_seconds': ['model_name', 'engine'],
  // ggml-org/llama.cpp tools/server: metrics carry no labels
  'llamacpp:prompt_tokens_total': [],
  'llamacpp:tokens_predicted_total': [],
  'llamacpp:requests_processing': [],
  'llamacpp:requests_deferred': [],
  // huggingface/text-generation-inference router/src/server.rs, infer/mod.rs
  tgi_request_count: [],
  tgi_request_success: [],
  tgi_request_failure: ['err'],
  tgi_queue_size: [],
  tgi_batch_current_size: [],
  // triton-inference-server/core src/metric_model_reporter.cc: model and version
  nv_inference_request_success: ['model', 'version'],
  nv_inference_request_failure: ['model', 'version', 'reason'],
  nv_inference_count: ['model', 'version'],
  // fluent/fluent-bit src/flb_metrics_exporter.c, flb_output.c: label `name` (instance or alias)
  fluentbit_input_records_total: ['name'],
  fluentbit_input_bytes_total: ['name'],
  fluentbit_output_proc_records_total: ['name'],
  fluentbit_output_errors_total: ['name'],
  fluentbit_output_retries_total: ['name'],
  fluentbit_output_retries_failed_total: ['name'],
  fluentbit_output_dropped_records_total: ['name'],
  // prometheus/prometheus: synthetic series carry only target labels (and ALERTS the alert's labels)
  up: [],
}

/** Labels on every scraped series whatever the exporter (Prometheus adds them to each target). */
export const SCRAPE_LABELS = ['job', 'instance'] as const

export type MetricNameVerdict = {kind: 'known'} | {kind: 'unknown'} | {kind: 'wrong'; correction: MetricCorrection; certain: boolean}

/**
 * What the catalog says about a name in a query: known, wrong (with the right name when there is
 * one; `certain` when the fix is a pure rename), or unknown.
 */
export function judgeMetricName(name: string): MetricNameVerdict {
  if (KNOWN_NAMES.has(name)) return {kind: 'known'}
  const listed = METRIC_CORRECTIONS.find((c) => c.wrong === name)
  if (listed) return {certain: listed.right !== undefined, correction: listed, kind: 'wrong'}
  const suffix = totalSuffixCorrection(name)
  if (suffix) return {certain: true, correction: suffix, kind: 'wrong'}
  return {kind: 'unknown'}
}

const KNOWN_NAMES = new Set<string>([
  ...METRICS.flatMap((fact) => (fact.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => fact.name + s) : [fact.name])),
  ...CLOSED_NAMESPACES.flatMap((ns) => ns.otherNames),
])

/** `tgi_request_count_total` → `tgi_request_count`; `vllm:prompt_tokens` → `vllm:prompt_tokens_total`. */
function totalSuffixCorrection(name: string): MetricCorrection | undefined {
  if (name.endsWith('_total')) {
    const bare = name.slice(0, -'_total'.length)
    const fact = METRICS.find((f) => f.name === bare && f.type === 'counter' && COUNTERS_WITHOUT_TOTAL.includes(f.source))
    if (fact) return {ref: 'see COUNTERS_WITHOUT_TOTAL', right: bare, source: fact.source, why: `${fact.source} counters have no _total suffix`, wrong: name}
    return undefined
  }
  const fact = METRICS.find((f) => f.name === `${name}_total` && f.type === 'counter')
  if (fact) return {ref: 'OpenMetrics counter naming (_total suffix)', right: fact.name, source: fact.source, why: `the ${fact.source} counter is exposed with its _total suffix`, wrong: name}
  return undefined
}

/** The closed namespace a name belongs to, if any. */
export function closedNamespaceOf(name: string): (typeof CLOSED_NAMESPACES)[number] | undefined {
  return CLOSED_NAMESPACES.find((ns) => name.startsWith(ns.prefix))
}

/** Every name the catalog knows, for "did you mean" suggestions. */
export function knownMetricNames(): string[] {
  return [...KNOWN_NAMES].sort()
}
