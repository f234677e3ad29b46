import {z} from 'zod'

import {ACCELERATOR_IDS, HARDWARE_IDS, LOG_SOURCES, NODE_EXPORTER_IDS, RUNTIME_IDS} from '../catalog/index.js'
import {
  atLeastVersion,
  cronSchedule,
  duration,
  filePath,
  globPath,
  hostAddress,
  httpPath,
  httpUrl,
  labelName,
  labelValue,
  luaPattern,
  oneOf,
  percent,
  port,
  safeName,
} from './primitives.js'

/**
 * Fleet format v1: the single source of truth for what a fleet.yaml may say.
 * Objects are strict so a misspelt key is an error with a suggestion, not a silently ignored line.
 * Defaults are not applied here but in normalize/, so the JSON Schema shows what users write.
 */

export const API_VERSION = 'inferwatch/v1'

const describe = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({description}) as T

const slo = z
  .strictObject({
    latencyP99: describe(duration, 'P99 end-to-end latency objective').optional(),
    ttftP95: describe(duration, 'P95 time-to-first-token objective').optional(),
    interTokenLatencyP95: describe(duration, 'P95 time-between-tokens objective for streamed output').optional(),
    errorRatePercent: describe(percent, 'highest acceptable error rate, percent of requests').optional(),
    availabilityPercent: describe(z.number().min(50).max(99.999), 'availability objective for the error budget (e.g. 99.5)').optional(),
  })
  .meta({description: 'Service level objectives; per-server values override the fleet defaults'})

const temperatureThreshold = z.strictObject({
  warning: z.number().min(20).max(150),
  critical: z.number().min(20).max(150),
})

const thresholds = z.strictObject({
  diskFreePercent: describe(percent, 'alert when a filesystem has less free space than this').optional(),
  memoryUsedPercent: describe(percent, 'alert when memory use exceeds this').optional(),
  queueDepth: describe(z.number().int().min(1), 'waiting requests per server that mean "add a node"').optional(),
  certificateExpiryDays: describe(z.number().int().min(1), 'alert when a TLS certificate expires within this many days').optional(),
  containerRestarts: describe(z.number().int().min(1), 'container restarts within 15m that count as a restart loop').optional(),
  canaryLatencyFactor: describe(z.number().min(1), 'canary P99 above this multiple of stable P99 is a regression').optional(),
  canaryErrorRatePoints: describe(z.number().min(0), 'canary error rate above stable plus this many percentage points is a regression').optional(),
  errorBudgetFastBurnRate: describe(z.number().min(1), 'burn rate over 1h and 5m that pages (SRE workbook: 14.4)').optional(),
  errorBudgetSlowBurnRate: describe(z.number().min(1), 'burn rate over 6h and 30m that opens a ticket (SRE workbook: 6)').optional(),
  driftStaleWindows: describe(z.number().int().min(1), 'drift job windows without a successful run before DriftJobStale fires').optional(),
  temperature: z
    .partialRecord(oneOf(HARDWARE_IDS, 'hardware'), temperatureThreshold)
    .meta({description: 'overheat thresholds in °C per hardware profile'})
    .optional(),
})

const defaults = z.strictObject({
  scrapeInterval: duration.optional(),
  scrapeTimeout: duration.optional(),
  evaluationInterval: duration.optional(),
  thresholds: thresholds.optional(),
  slo: slo.optional(),
  alerts: z
    .record(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, {message: 'must be an alert name such as HighP99Latency'}), z.strictObject({for: describe(duration, 'how long the condition must hold before the alert fires')}))
    .meta({description: 'per-alert overrides of the rule catalog, by alert name'})
    .optional(),
})

const labels = z.strictObject({
  site: labelValue.optional(),
  tenant: labelValue.optional(),
  role: labelValue.optional(),
})

const exporter = z.strictObject({
  enabled: z.boolean().optional(),
  port: port.optional(),
  scheme: oneOf(['http', 'https'], 'scheme').optional(),
  metricsPath: httpPath.optional(),
})

const textfile = z.strictObject({
  enabled: z.boolean().optional(),
  directory: filePath.optional(),
})

const exporters = z
  .strictObject(Object.fromEntries(NODE_EXPORTER_IDS.map((id) => [id, exporter.optional()])) as Record<(typeof NODE_EXPORTER_IDS)[number], z.ZodOptional<typeof exporter>>)
  .extend({textfile: textfile.optional()})

const model = z.strictObject({
  name: z.string().min(1).max(128),
  version: z.string().min(1).max(64).optional(),
  stage: oneOf(['stable', 'canary', 'shadow'], 'stage').optional(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/, {message: 'must be a hex sha256 digest'}).optional(),
})

const modelServer = z.strictObject({
  name: safeName,
  runtime: oneOf(RUNTIME_IDS, 'runtime'),
  port: port.optional(),
  metricsPort: describe(port, 'when metrics are served on another port (Triton: 8002)').optional(),
  scheme: oneOf(['http', 'https'], 'scheme').optional(),
  metricsPath: httpPath.optional(),
  healthPath: httpPath.optional(),
  models: z.array(model).min(1),
  slo: slo.optional(),
})

export const nodeSchema = z.strictObject({
  name: safeName,
  address: hostAddress,
  hardware: oneOf(HARDWARE_IDS, 'hardware'),
  accelerators: z.array(oneOf(ACCELERATOR_IDS, 'accelerator')).optional(),
  labels: labels.optional(),
  exporters: exporters.optional(),
  watts: describe(z.number().positive(), 'typical draw in watts, for energy estimates').optional(),
  modelServers: z.array(modelServer).optional(),
})

const site = z.strictObject({
  name: safeName,
  url: httpUrl.optional(),
  kind: oneOf(['wordpress', 'app', 'api'], 'site kind').optional(),
  tenant: labelValue.optional(),
  nodes: z.array(safeName).min(1).optional(),
  servers: z.array(safeName).min(1).optional(),
})

const tls = z.strictObject({
  caFile: filePath.optional(),
  certFile: filePath.optional(),
  keyFile: filePath.optional(),
  serverName: z.string().min(1).optional(),
  insecureSkipVerify: z.boolean().optional(),
})

const remoteWrite = z.strictObject({
  name: safeName,
  url: httpUrl,
  kind: oneOf(['mimir', 'thanos', 'victoriametrics', 'prometheus', 'other'], 'remote-write kind').optional(),
  tenant: describe(z.string().min(1), 'sent as X-Scope-OrgID (Mimir) or THANOS-TENANT').optional(),
  basicAuth: z.strictObject({username: z.string().min(1), passwordFile: filePath}).optional(),
  bearerTokenFile: filePath.optional(),
  tls: tls.optional(),
})

const prometheus = z.strictObject({
  retention: duration.optional(),
  externalLabels: z.record(labelName, labelValue).optional(),
  shards: z.number().int().min(1).max(64).optional(),
  mode: oneOf(['server', 'agent'], 'prometheus mode').optional(),
  remoteWrite: z.array(remoteWrite).optional(),
  alertmanagers: z.array(z.string().min(1)).optional(),
  blackboxAddress: describe(z.string().min(1), 'host:port of blackbox_exporter as seen from Prometheus').optional(),
  url: describe(httpUrl, 'where Prometheus listens, as Prometheus itself and Grafana reach it (its self-scrape target; default http://localhost:9090)').optional(),
})

const receiver = z.strictObject({
  name: safeName,
  email: z
    .strictObject({
      to: z.string().min(3),
      from: z.string().min(3),
      smarthost: z.string().min(3),
      authUsername: z.string().optional(),
      authPasswordFile: filePath.optional(),
    })
    .optional(),
  slack: z.strictObject({apiUrlFile: filePath, channel: z.string().min(1)}).optional(),
  webhook: z.strictObject({urlFile: filePath}).optional(),
})

const route = z.strictObject({
  receiver: safeName,
  severity: oneOf(['critical', 'warning', 'info'], 'severity').optional(),
  site: labelValue.optional(),
  tenant: labelValue.optional(),
  continue: z.boolean().optional(),
})

const alerting = z.strictObject({
  alertmanagerVersion: describe(
    z
      .string({
        error: (issue) =>
          typeof issue.input === 'number'
            ? `must be quoted, like "0.27": unquoted, YAML reads it as the number ${issue.input}`
            : 'must be a major.minor version such as "0.27"',
      })
      .regex(/^\d+\.\d+$/, {message: 'must be a major.minor version such as "0.27"'})
      // The generated config uses matchers (0.22) and auth_password_file (0.25).
      .refine((version) => atLeastVersion(version, '0.25'), {message: 'must be 0.25 or later: older Alertmanagers cannot load the generated config'}),
    'the Alertmanager release that loads the config, quoted (webhook url_file needs "0.26" or later)',
  ).optional(),
  receivers: z.array(receiver).min(1),
  defaultReceiver: safeName.optional(),
  routes: z.array(route).optional(),
  groupWait: duration.optional(),
  groupInterval: duration.optional(),
  repeatInterval: duration.optional(),
})

const logging = z.strictObject({
  sink: z.strictObject({
    type: oneOf(['loki', 'elasticsearch', 'opensearch', 'forward'], 'log sink'),
    host: z.string().min(1),
    port: port.optional(),
    tls: z.boolean().optional(),
    tenantId: z.string().min(1).optional(),
    index: z.string().min(1).optional(),
    passwordFile: filePath.optional(),
    user: z.string().min(1).optional(),
  }),
  sources: z.array(oneOf(LOG_SOURCES, 'log source')).optional(),
  retention: z
    .record(safeName, duration)
    .meta({description: 'retention classes, e.g. {default: 14d, audit: 90d}'})
    .optional(),
  retentionMatch: z
    .record(safeName, z.strictObject({sources: z.array(oneOf(LOG_SOURCES, 'log source')).min(1).optional(), servers: z.array(safeName).min(1).optional()}))
    .meta({description: 'which streams belong to a retention class other than default, e.g. {audit: {sources: [journald]}}'})
    .optional(),
  format: describe(oneOf(['yaml', 'classic'], 'Fluent Bit config format'), 'Fluent Bit config format: yaml (Fluent Bit 3.2+, the default) or classic .conf').optional(),
  redact: describe(z.array(luaPattern).min(1), 'extra Lua patterns replaced by [REDACTED] on the node, after the built-in e-mail, bearer-token and API-key patterns').optional(),
  prompts: describe(oneOf(['keep', 'drop', 'hash'], 'prompt handling'), 'what happens to prompt/completion fields of JSON log lines before they leave the node').optional(),
  promptFields: describe(z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {message: 'must be a field name'})).min(1), 'JSON fields that hold prompts or completions').optional(),
  drop: describe(z.array(z.string().min(1)).min(1), 'regular expressions (Onigmo) of noise lines dropped on the node').optional(),
  logFiles: describe(z.record(safeName, globPath), 'per model server, the log file (glob) to tail instead of the runtime’s default').optional(),
  stateDirectory: describe(filePath, 'where Fluent Bit keeps tail positions and its filesystem buffer').optional(),
  httpPort: describe(port, 'Fluent Bit HTTP server (its own metrics and health)').optional(),
  metricsPort: describe(port, 'prometheus_exporter serving the metrics derived from logs').optional(),
})

const driftJob = z.strictObject({
  name: safeName,
  server: safeName,
  model: z.string().min(1).optional(),
  signal: oneOf(['output-length'], 'drift signal').optional(),
  baseline: describe(z.string().min(1), 'baseline distribution file (JSON), or a window like 7d to compare against').optional(),
  window: duration.optional(),
  threshold: z.number().positive().optional(),
  schedule: cronSchedule.optional(),
  scheduler: oneOf(['systemd', 'cron', 'kubernetes'], 'scheduler').optional(),
  samples: z
    .strictObject({
      file: describe(filePath, 'JSON lines (.jsonl, .ndjson, .json) or CSV with a header row (.csv), on the node of the server'),
      field: describe(z.string().min(1), 'the numeric field of each sample, e.g. completion_tokens'),
      timeField: describe(z.string().min(1), 'unix seconds or ISO 8601 time of each sample; needed for a window baseline').optional(),
    })
    .meta({description: 'read the distribution from a file of samples instead of a Prometheus histogram'})
    .optional(),
  buckets: describe(z.array(z.number().positive()).min(1), 'upper bucket bounds the samples are binned into (a +Inf bucket is added)').optional(),
  minSamples: describe(z.number().int().min(1), 'fewer samples in either window give inferwatch_drift_up 0 and no divergence').optional(),
  prometheusUrl: describe(httpUrl, 'Prometheus HTTP API the job queries, as reached from the node that runs it (default: prometheus.url)').optional(),
  pushgatewayUrl: describe(httpUrl, 'Pushgateway the job pushes to, as reached from the node that runs it (default: pushgateway.url)').optional(),
  image: describe(z.string().min(1), 'container image with the inferwatch CLI, for scheduler: kubernetes').optional(),
})

const backup = z.strictObject({
  name: safeName,
  node: safeName,
  paths: z.array(filePath).min(1).optional(),
  schedule: cronSchedule.optional(),
  maxAge: duration,
})

const energy = z.strictObject({
  pricePerKwh: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, {message: 'must be a 3-letter ISO 4217 code such as EUR or USD'}),
  watts: z.partialRecord(oneOf(HARDWARE_IDS, 'hardware'), z.number().positive()).optional(),
  baseWatts: describe(
    z.partialRecord(oneOf(HARDWARE_IDS, 'hardware'), z.number().nonnegative()),
    'watts the rest of a node draws beside what its power signal measures (NVIDIA: everything but the GPUs), added for energy and cost',
  ).optional(),
  cloudPricePerMillionTokens: z.number().nonnegative().optional(),
})

export const fleetSchema = z
  .strictObject({
    $schema: z.string().optional(),
    apiVersion: z.literal(API_VERSION, {error: `apiVersion must be "${API_VERSION}"`}),
    kind: z.literal('Fleet', {error: 'kind must be "Fleet"'}),
    metadata: z.strictObject({
      name: safeName,
      environment: z.string().regex(/^[a-z0-9-]{1,32}$/, {message: 'must be lowercase letters, digits or "-"'}).optional(),
      description: z.string().optional(),
    }),
    defaults: defaults.optional(),
    nodes: z.array(nodeSchema).min(1),
    sites: z.array(site).optional(),
    tls: tls.optional(),
    prometheus: prometheus.optional(),
    alerting: alerting.optional(),
    logging: logging.optional(),
    drift: z.array(driftJob).optional(),
    backups: z.array(backup).optional(),
    energy: energy.optional(),
    runbooks: z.strictObject({baseUrl: httpUrl}).optional(),
    grafana: z
      .strictObject({
        url: describe(httpUrl, 'where people open Grafana; runbooks link to dashboards there').optional(),
        datasourceUrl: describe(httpUrl, 'the Prometheus URL Grafana’s data source uses (default prometheus.url)').optional(),
      })
      .optional(),
    pushgateway: z.strictObject({url: describe(httpUrl, 'where drift jobs push and Prometheus scrapes the Pushgateway (default http://localhost:9091)')}).optional(),
  })
  .meta({
    description: 'inferwatch fleet: one description of an on-prem AI inference fleet',
    title: 'inferwatch Fleet (inferwatch/v1)',
  })

export type FleetSpec = z.infer<typeof fleetSchema>
export type NodeSpec = FleetSpec['nodes'][number]
export type ModelServerSpec = NonNullable<NodeSpec['modelServers']>[number]
export type ModelSpec = ModelServerSpec['models'][number]
export type SloSpec = z.infer<typeof slo>
export type TlsSpec = z.infer<typeof tls>
export type ExporterSpec = z.infer<typeof exporter>
