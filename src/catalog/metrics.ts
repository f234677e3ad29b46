/**
 * Every metric inferwatch may put in an expression, with where it comes from.
 * Facts from ../shared/metrics-catalog.md (each upstream source is named there).
 * A generated expression that names a metric missing from this table is a bug (see test/catalog).
 */
import {logMetricFacts} from './log-metrics.js'

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary'

export interface MetricFact {
  name: string
  type: MetricType
  /** Who exposes it: an exporter or runtime id from this catalog, or `prometheus`/`inferwatch`. */
  source: string
  help: string
}

const m = (source: string, type: MetricType, name: string, help: string): MetricFact => ({help, name, source, type})

export const METRICS: readonly MetricFact[] = [
  // Prometheus itself (synthetic series every scrape and probe produces)
  m('prometheus', 'gauge', 'up', 'scrape succeeded (1) or failed (0)'),
  m('prometheus', 'gauge', 'ALERTS', 'active alerts'),
  // node_exporter, Linux
  m('node-exporter', 'gauge', 'node_thermal_zone_temp', 'thermal zone temperature in °C (type="cpu-thermal" on a Pi 5)'),
  m('node-exporter', 'gauge', 'node_hwmon_temp_celsius', 'hwmon sensor temperature'),
  m('node-exporter', 'gauge', 'node_hwmon_temp_max_celsius', 'hwmon sensor max temperature'),
  m('node-exporter', 'gauge', 'node_hwmon_temp_crit_celsius', 'hwmon sensor critical temperature'),
  m('node-exporter', 'gauge', 'node_hwmon_in_lcrit_alarm_volts', 'voltage low-critical alarm; Pi under-voltage reads > 0 when active'),
  m('node-exporter', 'gauge', 'node_cooling_device_cur_state', 'cooling device state (Pi 5 fan)'),
  m('node-exporter', 'gauge', 'node_filesystem_avail_bytes', 'filesystem space available to non-root users'),
  m('node-exporter', 'gauge', 'node_filesystem_size_bytes', 'filesystem size'),
  m('node-exporter', 'gauge', 'node_memory_MemAvailable_bytes', 'Linux MemAvailable'),
  m('node-exporter', 'gauge', 'node_memory_MemTotal_bytes', 'Linux MemTotal'),
  m('node-exporter', 'counter', 'node_cpu_seconds_total', 'CPU seconds by mode'),
  m('node-exporter', 'counter', 'node_network_receive_bytes_total', 'bytes received per interface'),
  m('node-exporter', 'counter', 'node_network_transmit_bytes_total', 'bytes sent per interface'),
  m('node-exporter', 'gauge', 'node_boot_time_seconds', 'boot time, unix seconds'),
  m('node-exporter', 'gauge', 'node_textfile_scrape_error', 'textfile collector failed to read a file'),
  // node_exporter, darwin
  m('node-exporter', 'gauge', 'node_memory_total_bytes', 'darwin total memory'),
  m('node-exporter', 'gauge', 'node_memory_free_bytes', 'darwin free memory'),
  m('node-exporter', 'gauge', 'node_thermal_temperature_celsius', 'darwin arm64 thermal sensor (node_exporter ≥ 1.11)'),
  // cAdvisor
  m('cadvisor', 'gauge', 'container_start_time_seconds', 'container start time, unix seconds'),
  m('cadvisor', 'gauge', 'container_last_seen', 'last time cAdvisor saw the container'),
  m('cadvisor', 'gauge', 'container_memory_working_set_bytes', 'container working set'),
  m('cadvisor', 'counter', 'container_cpu_usage_seconds_total', 'container CPU seconds'),
  // dcgm-exporter
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_GPU_TEMP', 'GPU temperature °C'),
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_MEMORY_TEMP', 'GPU memory temperature °C'),
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_GPU_UTIL', 'GPU utilisation %'),
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_FB_USED', 'framebuffer used, MiB'),
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_FB_FREE', 'framebuffer free, MiB'),
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_POWER_USAGE', 'power draw, W'),
  // NVIDIA/dcgm-exporter etc/default-counters.csv: on by default, "Value of the last XID error
  // encountered"; it never resets until dcgm-exporter restarts (NVIDIA/dcgm-exporter#500). The count
  // field DCGM_EXP_XID_ERRORS_COUNT is commented out in that file, so inferwatch cannot rely on it.
  m('dcgm-exporter', 'gauge', 'DCGM_FI_DEV_XID_ERRORS', 'last XID error code (a code: alert on changes(), never on > 0 or rate())'),
  m('dcgm-exporter', 'counter', 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'energy since boot, mJ'),
  // macmon
  m('macmon', 'gauge', 'macmon_cpu_temp_celsius', 'CPU temperature'),
  m('macmon', 'gauge', 'macmon_gpu_temp_celsius', 'GPU temperature'),
  // vladkens/macmon src/app/serve.rs: all_power is "Combined CPU+GPU+ANE", sys_power "Total system
  // power": the whole machine, the one energy costs must use.
  m('macmon', 'gauge', 'macmon_all_power_watts', 'CPU + GPU + ANE power (not the whole machine)'),
  m('macmon', 'gauge', 'macmon_sys_power_watts', 'whole-machine power'),
  m('macmon', 'gauge', 'macmon_gpu_power_watts', 'GPU power'),
  m('macmon', 'gauge', 'macmon_ane_power_watts', 'Neural Engine power'),
  m('macmon', 'gauge', 'macmon_memory_ram_used_bytes', 'RAM used'),
  m('macmon', 'gauge', 'macmon_memory_ram_total_bytes', 'RAM total'),
  // hailo_exporter (community)
  // jiiihwan/hailo_exporter hailo_exporter/hailo_exporter.py (the script its Dockerfile runs) declares
  // GaugeMetricFamily("hailo_NPU_utilization", labels=["NPU"], unit="percent"); prometheus_client
  // appends the unit, so the series is hailo_NPU_utilization_percent{NPU="NPU"}.
  m('hailo-exporter', 'gauge', 'hailo_NPU_utilization_percent', 'NPU utilisation %, label NPU; only while HAILO_MONITOR=1'),
  // blackbox_exporter
  m('blackbox-exporter', 'gauge', 'probe_success', 'probe succeeded'),
  m('blackbox-exporter', 'gauge', 'probe_duration_seconds', 'probe duration'),
  m('blackbox-exporter', 'gauge', 'probe_http_status_code', 'HTTP status of the probe'),
  m('blackbox-exporter', 'gauge', 'probe_ssl_earliest_cert_expiry', 'earliest certificate expiry, unix seconds'),
  // Fluent Bit
  m('fluent-bit', 'counter', 'fluentbit_input_records_total', 'records read per input'),
  m('fluent-bit', 'counter', 'fluentbit_input_bytes_total', 'bytes read per input'),
  m('fluent-bit', 'counter', 'fluentbit_output_proc_records_total', 'records sent per output'),
  m('fluent-bit', 'counter', 'fluentbit_output_errors_total', 'output errors'),
  m('fluent-bit', 'counter', 'fluentbit_output_retries_total', 'output retries'),
  m('fluent-bit', 'counter', 'fluentbit_output_retries_failed_total', 'output retries that gave up'),
  m('fluent-bit', 'counter', 'fluentbit_output_dropped_records_total', 'records dropped by an output'),
  // fluent/fluent-bit src/flb_metrics.c registers uptime with cmt_counter_create (label hostname).
  m('fluent-bit', 'counter', 'fluentbit_uptime', 'seconds since start, a counter with label hostname'),
  // vLLM (labels model_name, V1 adds engine)
  m('vllm', 'gauge', 'vllm:num_requests_running', 'requests in the running batch'),
  m('vllm', 'gauge', 'vllm:num_requests_waiting', 'requests queued'),
  m('vllm', 'gauge', 'vllm:kv_cache_usage_perc', 'KV cache usage, 0–1 fraction'),
  m('vllm', 'counter', 'vllm:prompt_tokens_total', 'prompt tokens processed'),
  m('vllm', 'counter', 'vllm:generation_tokens_total', 'tokens generated'),
  m('vllm', 'counter', 'vllm:request_success_total', 'finished requests by finished_reason; "error" only since late 2025, for engine-internal failures'),
  // vllm-project/vllm docs/design/metrics.md and vllm/entrypoints/serve/instrumentator/metrics.py:
  // prometheus_fastapi_instrumentator with its defaults groups status codes ("2xx", "4xx", "5xx");
  // /metrics, /health, /load, /ping, /version and /server_info are excluded. No model_name label.
  m('vllm', 'counter', 'http_requests_total', 'HTTP requests of the OpenAI server by handler, method and status class'),
  m('vllm', 'counter', 'vllm:num_preemptions_total', 'preemptions'),
  m('vllm', 'counter', 'vllm:prefix_cache_queries_total', 'prefix cache queries (V1)'),
  m('vllm', 'counter', 'vllm:prefix_cache_hits_total', 'prefix cache hits (V1)'),
  m('vllm', 'histogram', 'vllm:e2e_request_latency_seconds', 'end-to-end request latency'),
  m('vllm', 'histogram', 'vllm:time_to_first_token_seconds', 'time to first token'),
  m('vllm', 'histogram', 'vllm:inter_token_latency_seconds', 'inter-token latency (0.11+)'),
  m('vllm', 'histogram', 'vllm:request_queue_time_seconds', 'time queued'),
  m('vllm', 'histogram', 'vllm:request_prefill_time_seconds', 'prefill time'),
  m('vllm', 'histogram', 'vllm:request_decode_time_seconds', 'decode time'),
  m('vllm', 'histogram', 'vllm:request_inference_time_seconds', 'inference time'),
  m('vllm', 'histogram', 'vllm:request_prompt_tokens', 'prompt tokens per request'),
  m('vllm', 'histogram', 'vllm:request_generation_tokens', 'generated tokens per request'),
  // llama.cpp server (needs --metrics; no labels)
  m('llama-cpp', 'counter', 'llamacpp:prompt_tokens_total', 'prompt tokens processed'),
  m('llama-cpp', 'counter', 'llamacpp:prompt_seconds_total', 'prompt processing time'),
  m('llama-cpp', 'counter', 'llamacpp:tokens_predicted_total', 'tokens generated'),
  m('llama-cpp', 'counter', 'llamacpp:tokens_predicted_seconds_total', 'generation time'),
  m('llama-cpp', 'counter', 'llamacpp:n_decode_total', 'llama_decode() calls'),
  m('llama-cpp', 'gauge', 'llamacpp:prompt_tokens_seconds', 'average prompt throughput (resets every scrape)'),
  m('llama-cpp', 'gauge', 'llamacpp:predicted_tokens_seconds', 'average generation throughput (resets every scrape)'),
  m('llama-cpp', 'gauge', 'llamacpp:requests_processing', 'requests being processed'),
  m('llama-cpp', 'gauge', 'llamacpp:requests_deferred', 'requests deferred (queued)'),
  // TGI (counters without _total)
  m('tgi', 'counter', 'tgi_request_count', 'requests received'),
  m('tgi', 'counter', 'tgi_request_success', 'requests succeeded'),
  m('tgi', 'counter', 'tgi_request_failure', 'requests failed, by err'),
  m('tgi', 'histogram', 'tgi_request_duration', 'request duration, seconds'),
  m('tgi', 'histogram', 'tgi_request_queue_duration', 'queue duration, seconds'),
  m('tgi', 'histogram', 'tgi_request_inference_duration', 'inference duration, seconds'),
  m('tgi', 'histogram', 'tgi_request_mean_time_per_token_duration', 'mean time per token, seconds'),
  m('tgi', 'histogram', 'tgi_request_generated_tokens', 'generated tokens per request'),
  m('tgi', 'histogram', 'tgi_request_input_length', 'input tokens per request'),
  m('tgi', 'gauge', 'tgi_queue_size', 'requests queued'),
  m('tgi', 'gauge', 'tgi_batch_current_size', 'current batch size'),
  // Triton (labels model, version)
  m('triton', 'counter', 'nv_inference_request_success', 'successful requests'),
  m('triton', 'counter', 'nv_inference_request_failure', 'failed requests, by reason (REJECTED, CANCELED, BACKEND, OTHER)'),
  m('triton', 'counter', 'nv_inference_count', 'inferences performed'),
  m('triton', 'counter', 'nv_inference_request_duration_us', 'cumulative request time, µs'),
  m('triton', 'counter', 'nv_inference_queue_duration_us', 'cumulative queue time, µs'),
  // triton-inference-server/core src/metrics.cc: the queue depth, per model and version.
  m('triton', 'gauge', 'nv_inference_pending_request_count', 'requests waiting to be executed, per model'),
  // SGLang (sgl-project/sglang python/sglang/srt/metrics/collector.py; label model_name, scheduler
  // gauges add engine_type, tp_rank, pp_rank); needs --enable-metrics
  m('sglang', 'gauge', 'sglang:num_running_reqs', 'requests running'),
  m('sglang', 'gauge', 'sglang:num_queue_reqs', 'requests in the waiting queue'),
  m('sglang', 'gauge', 'sglang:token_usage', 'KV cache pool usage, 0–1 fraction'),
  m('sglang', 'gauge', 'sglang:gen_throughput', 'generation throughput, tokens/s'),
  m('sglang', 'gauge', 'sglang:cache_hit_rate', 'prefix cache hit rate'),
  m('sglang', 'counter', 'sglang:prompt_tokens_total', 'prefill tokens processed'),
  m('sglang', 'counter', 'sglang:generation_tokens_total', 'tokens generated'),
  m('sglang', 'counter', 'sglang:num_requests_total', 'requests finished'),
  m('sglang', 'counter', 'sglang:num_aborted_requests_total', 'requests aborted'),
  m('sglang', 'histogram', 'sglang:time_to_first_token_seconds', 'time to first token'),
  m('sglang', 'histogram', 'sglang:inter_token_latency_seconds', 'inter-token latency'),
  m('sglang', 'histogram', 'sglang:e2e_request_latency_seconds', 'end-to-end request latency'),
  m('sglang', 'histogram', 'sglang:generation_tokens_histogram', 'generated tokens per request (only with --collect-tokens-histogram)'),
  // inferwatch's own jobs, published through the textfile collector or the Pushgateway
  m('inferwatch', 'gauge', 'inferwatch_drift_kl_divergence', 'KL divergence of the live distribution from the baseline'),
  m('inferwatch', 'gauge', 'inferwatch_drift_samples', 'samples of the last drift run, by window="recent"|"baseline"'),
  m('inferwatch', 'gauge', 'inferwatch_drift_last_success_timestamp_seconds', 'last drift run that read its source, unix seconds'),
  m('inferwatch', 'gauge', 'inferwatch_drift_up', '1 when the last drift run produced a divergence, 0 when it could not'),
  m('inferwatch', 'gauge', 'inferwatch_drift_psi', 'population stability index of the live distribution against the baseline'),
  m('inferwatch', 'gauge', 'inferwatch_drift_js_divergence', 'Jensen-Shannon divergence of the live distribution and the baseline, nats'),
  m('inferwatch', 'gauge', 'inferwatch_backup_last_success_timestamp_seconds', 'last successful backup, unix seconds'),
  m('inferwatch', 'gauge', 'inferwatch_rpi_throttled', 'vcgencmd get_throttled bits as 0/1 by flag and when (now|since_boot)'),
  // Derived from model-server logs by the node's Fluent Bit (log-metrics.ts)
  ...logMetricFacts(),
]

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const

/** Every series name a query may select: histogram facts contribute their `_bucket/_sum/_count` series. */
export function knownSeriesNames(): Set<string> {
  const names = new Set<string>()
  for (const fact of METRICS) {
    if (fact.type === 'histogram') for (const suffix of HISTOGRAM_SUFFIXES) names.add(fact.name + suffix)
    else names.add(fact.name)
  }
  return names
}

export function metricFact(name: string): MetricFact | undefined {
  return METRICS.find((fact) => fact.name === name)
}
