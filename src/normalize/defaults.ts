import {MONITORING_SERVICES} from '../catalog/exporters.js'

/**
 * Every default inferwatch applies, in one place. The fleet's `defaults` section overrides these;
 * rules/ and dashboards read the resolved values, never literals.
 * Thresholds come from the operator guidance in the seed articles (P99 0.5 s, error rate 1 %,
 * disk below 20 % free, RAM above 90 %, KL divergence above 0.2).
 */
export const DEFAULTS = {
  alerting: {
    // The current Alertmanager release (prometheus/alertmanager VERSION and CHANGELOG: 0.34.0,
    // 2026-08-16). Debian bookworm's prometheus-alertmanager is 0.25: such fleets set "0.25".
    alertmanagerVersion: '0.34',
    groupInterval: '5m',
    groupWait: '30s',
    repeatInterval: '4h',
    // Used when the fleet declares no routes: critical pages sooner and reminds hourly, info only daily.
    severityRoutes: {critical: {groupWait: '10s', repeatInterval: '1h'}, info: {repeatInterval: '24h'}},
  },
  backups: {schedule: '0 2 * * *'},
  /** `generate` without --target writes the monitoring host's compose.yaml. */
  deployTargets: ['compose'],
  drift: {
    baseline: '7d',
    // The 1-2-5 series of vLLM's vllm:request_generation_tokens (vllm-project/vllm vllm/engine/metrics.py,
    // vllm/v1/metrics/loggers.py: buckets=build_1_2_5_buckets(max_model_len)), up to a 10k-token context.
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000],
    image: 'inferwatch:0.1.0',
    // Below this a divergence mostly measures noise: with 13 bins, 100 samples leave ~8 per bin.
    minSamples: 100,
    scheduler: 'systemd',
    schedule: '0 * * * *',
    signal: 'output-length',
    threshold: 0.2,
    window: '1h',
  },
  environment: 'production',
  grafanaUrl: `http://localhost:${MONITORING_SERVICES.grafana.defaultPort}`,
  logging: {
    format: 'yaml',
    httpPort: MONITORING_SERVICES.fluentBit.defaultPort,
    metricsPort: MONITORING_SERVICES.fluentBitLogMetrics.defaultPort,
    // Fields OpenAI-style, Ollama and llama.cpp request/response bodies carry text in.
    promptFields: ['completion', 'content', 'input', 'messages', 'output', 'prompt', 'response', 'text'],
    prompts: 'keep',
    retention: {default: '14d'},
    sources: ['journald', 'containers', 'model-servers'],
    stateDirectory: '/var/lib/fluent-bit',
    // Sized for a 4 GB Raspberry Pi that also runs the model: a few MB per input in memory, the
    // rest in the filesystem buffer, whose disk use per output is capped too.
    buffers: {flush: 5, inputMemBufLimit: '8MB', maxChunksUp: 32, outputStorageLimit: '256M', retryLimit: 5, backlogMemLimit: '16M', emitterMemBufLimit: '2M', metricsFlushSeconds: 5},
    // Elasticsearch/OpenSearch index prefix; each retention class gets <index>-<class>-YYYY.MM.DD.
    index: 'inferwatch',
  },
  prometheus: {
    alertmanagers: [`localhost:${MONITORING_SERVICES.alertmanager.defaultPort}`],
    blackboxAddress: `localhost:${MONITORING_SERVICES.blackbox.defaultPort}`,
    mode: 'server',
    pushgatewayUrl: `http://localhost:${MONITORING_SERVICES.pushgateway.defaultPort}`,
    url: `http://localhost:${MONITORING_SERVICES.prometheus.defaultPort}`,
    // Sized for a small monitoring box: fewer, larger sends than Prometheus's defaults (500 samples,
    // 200 shards), and a buffer of five sends per shard so a short outage of the store drops nothing.
    remoteWriteQueue: {
      batchSendDeadline: '5s',
      capacity: 10_000,
      maxBackoff: '5s',
      maxSamplesPerSend: 2000,
      maxShards: 50,
      minBackoff: '30ms',
      minShards: 1,
    },
    retention: '15d',
    shards: 1,
  },
  runbooksBaseUrl: 'runbooks',
  scrape: {evaluationInterval: '15s', interval: '15s', timeout: '10s'},
  // latencyP99 is end to end, so it grows with output length: it fits short completions and
  // embeddings. Streamed chat is felt through ttftP95 (the wait before text appears) and
  // interTokenLatencyP95 (200ms per token is about 5 tokens/s, slower than people read).
  slo: {availabilityPercent: 99.5, errorRatePercent: 1, interTokenLatencyP95: '200ms', latencyP99: '500ms', ttftP95: '2s'},
  thresholds: {
    canaryErrorRatePoints: 1,
    canaryLatencyFactor: 1.2,
    certificateExpiryDays: 14,
    containerRestarts: 3,
    diskFreePercent: 20,
    /** A drift job is stale after this many of its windows without a successful run. */
    driftStaleWindows: 3,
    /** Multi-window burn rates from the SRE workbook (2 % of a 30-day budget in 1 h; 5 % in 6 h). */
    errorBudgetFastBurnRate: 14.4,
    errorBudgetSlowBurnRate: 6,
    memoryUsedPercent: 90,
    queueDepth: 10,
  },
} as const
