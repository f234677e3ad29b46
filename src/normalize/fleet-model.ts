import type {AcceleratorProfile, HardwareProfile, RuntimeProfile} from '../catalog/index.js'
import type {FleetSpec, ModelSpec, TlsSpec} from '../schema/fleet.js'
import type {DEFAULTS} from './defaults.js'
import type {ResolvedExporter} from './node-exporters.js'

/**
 * The resolved fleet every generator reads: defaults applied, profiles looked up, servers flattened.
 * Spec types come from the zod schema; this model only adds what resolution produces.
 */
export interface Fleet {
  name: string
  environment: string
  description: string | undefined
  /** Base name of the fleet file, for headers; never a full path, so output does not depend on cwd. */
  sourceFile: string
  scrape: {interval: string; timeout: string; evaluationInterval: string}
  thresholds: Thresholds
  /** Per-alert overrides of the rule catalog (`defaults.alerts`), by alert name. */
  alerts: Record<string, {for: string}>
  nodes: FleetNode[]
  /** Every model server in the fleet, sorted by name. */
  servers: ModelServer[]
  sites: Site[]
  tls: TlsSpec | undefined
  prometheus: PrometheusSettings
  alerting: Alerting | undefined
  logging: Logging | undefined
  drift: DriftJob[]
  backups: Backup[]
  energy: Energy | undefined
  runbooks: {baseUrl: string}
  grafana: {url: string; datasourceUrl: string}
  /** What `generate --target` writes deploy files for (compose, systemd, kubernetes). */
  deploy: {targets: DeployTarget[]}
}

export const DEPLOY_TARGETS = ['compose', 'systemd', 'kubernetes'] as const
export type DeployTarget = (typeof DEPLOY_TARGETS)[number]

export type Thresholds = {-readonly [K in keyof typeof DEFAULTS.thresholds]: number}

export interface Labels {site?: string; tenant?: string; role?: string}

export interface FleetNode {
  name: string
  address: string
  hardware: HardwareProfile
  accelerators: AcceleratorProfile[]
  labels: Labels
  exporters: ResolvedExporter[]
  /** Textfile collector directory, or null when the node publishes no textfile metrics. */
  textfileDirectory: string | null
  temperature: {warning: number; critical: number}
  /** Watts used for energy estimates: the node's own, else the fleet's per-hardware, else the profile's. */
  watts: number
  /** Watts added to a measured power reading for what it leaves out (energy.baseWatts, else the catalog's). */
  baseWatts: number
  servers: ModelServer[]
}

export interface Slo {
  latencyP99Seconds: number
  ttftP95Seconds: number
  interTokenLatencyP95Seconds: number
  /** 0–1 */
  errorRatio: number
  /** 0–1 */
  availability: number
}

export interface ModelServer {
  name: string
  node: string
  address: string
  runtime: RuntimeProfile
  port: number
  scheme: 'http' | 'https'
  /** Null when the runtime has no metrics endpoint (Ollama). */
  metrics: {port: number; path: string} | null
  healthPath: string
  models: Model[]
  slo: Slo
  labels: Labels
}

export type Model = Required<Pick<ModelSpec, 'name' | 'stage'>> & {version: string | undefined; sha256: string | undefined}

export type Site = Required<Pick<NonNullable<FleetSpec['sites']>[number], 'name' | 'kind' | 'nodes' | 'servers'>> & {
  url: string | undefined
  tenant: string | undefined
}

export interface PrometheusSettings {
  retention: string
  externalLabels: Record<string, string>
  shards: number
  mode: 'server' | 'agent'
  remoteWrite: NonNullable<NonNullable<FleetSpec['prometheus']>['remoteWrite']>
  alertmanagers: string[]
  blackboxAddress: string
  /** Where Prometheus listens (prometheus.url), without a trailing slash. */
  url: string
  /** host:port and metrics path of Prometheus itself, from `url` (a route prefix stays in the path). */
  self: {address: string; metricsPath: string}
  /** The Pushgateway (pushgateway.url): its URL for pushers, host:port for the scrape. */
  pushgatewayUrl: string
  pushgatewayAddress: string
}

export type Alerting = Required<Omit<NonNullable<FleetSpec['alerting']>, 'defaultReceiver'>> & {defaultReceiver: string}

type LoggingSpec = NonNullable<FleetSpec['logging']>

export interface Logging {
  sink: LoggingSpec['sink'] & {port: number; index: string}
  sources: NonNullable<LoggingSpec['sources']>
  retention: Record<string, string>
  /** Retention classes other than `default`, with the streams they take; sorted by class. */
  retentionMatch: {name: string; sources: NonNullable<LoggingSpec['sources']>; servers: string[]}[]
  format: 'yaml' | 'classic'
  redact: string[]
  prompts: 'keep' | 'drop' | 'hash'
  promptFields: string[]
  drop: string[]
  logFiles: Record<string, string>
  stateDirectory: string
  httpPort: number
  metricsPort: number
  /** Memory and disk bounds of the node's Fluent Bit (defaults sized for a 4–8 GB Raspberry Pi). */
  buffers: {
    flush: number
    inputMemBufLimit: string
    maxChunksUp: number
    outputStorageLimit: string
    retryLimit: number
    backlogMemLimit: string
    emitterMemBufLimit: string
    metricsFlushSeconds: number
  }
  /** Whether the servers' own log lines are shipped (journald units or log files), which log-derived signals need. */
  shipsServerLogs: boolean
}

type DriftJobSpec = NonNullable<FleetSpec['drift']>[number]
export type DriftJob = Required<Omit<DriftJobSpec, 'model' | 'samples'>> & {
  model: string | undefined
  samples: DriftJobSpec['samples']
  /** The longest gap between two scheduled runs, which the staleness alert allows several of. */
  scheduleIntervalSeconds: number
}

export type Backup = Required<Omit<NonNullable<FleetSpec['backups']>[number], 'paths'>> & {paths: string[]}

export type Energy = Required<Omit<NonNullable<FleetSpec['energy']>, 'watts' | 'baseWatts' | 'cloudPricePerMillionTokens'>> & {
  cloudPricePerMillionTokens: number | undefined
}
