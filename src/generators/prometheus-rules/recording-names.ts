/**
 * Names of the recording rules in rules/recording/, for dashboards and other generators to query
 * instead of raw runtime metrics. Scheme `level:metric:operations`: `server:` series keep the
 * per-server labels (server, model, stage, model_version, runtime, node, hardware, site, tenant,
 * role); `node:` series keep node, hardware, site, tenant, role (disk free
 * also keeps mountpoint). A test checks this table and the catalog name the same rules.
 */
export const RECORDED = {
  nodeCpuBusyRatio: 'node:inferwatch_cpu_busy:ratio_rate5m',
  nodeDiskFreeRatio: 'node:inferwatch_disk_free:ratio',
  nodeMemoryUsedRatio: 'node:inferwatch_memory_used:ratio',
  nodePowerWatts: 'node:inferwatch_power_watts:sum',
  nodeTemperatureCelsius: 'node:inferwatch_temperature_celsius:max',
  serverErrorRatio1h: 'server:inferwatch_request_errors:ratio_rate1h',
  serverErrorRatio30m: 'server:inferwatch_request_errors:ratio_rate30m',
  serverErrorRatio5m: 'server:inferwatch_request_errors:ratio_rate5m',
  serverErrorRatio6h: 'server:inferwatch_request_errors:ratio_rate6h',
  serverErrorRate: 'server:inferwatch_request_errors:rate5m',
  serverGeneratedTokensRate: 'server:inferwatch_generated_tokens:rate5m',
  serverKvCacheUsageRatio: 'server:inferwatch_kv_cache_usage:ratio',
  serverLatencyP99: 'server:inferwatch_request_latency_seconds:p99_5m',
  serverPromptTokensRate: 'server:inferwatch_prompt_tokens:rate5m',
  serverQueueDepth: 'server:inferwatch_queue_depth:sum',
  serverRequestRate: 'server:inferwatch_requests:rate5m',
  serverRunningRequests: 'server:inferwatch_requests_running:sum',
  serverTtftP95: 'server:inferwatch_time_to_first_token_seconds:p95_5m',
  serverInterTokenLatencyP95: 'server:inferwatch_inter_token_latency_seconds:p95_5m',
} as const

export type RecordedName = (typeof RECORDED)[keyof typeof RECORDED]
