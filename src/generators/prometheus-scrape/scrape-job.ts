import type {BlackboxModuleName} from './blackbox-modules.js'

export type Scheme = 'http' | 'https'

/** One file_sd target group: a single target with the labels of the label contract. */
export interface TargetGroup {
  targets: string[]
  labels: Readonly<Record<string, string>>
}

/**
 * One Prometheus scrape job, before it is rendered for a config variant (server, shard, agent).
 * Node-bound jobs list file_sd groups (written to targets/<name>.json so fleet changes need no
 * restart); jobs for the monitoring host's own services use static targets.
 */
export interface ScrapeJob {
  name: string
  scheme: Scheme
  metricsPath: string
  targets: {kind: 'file-sd'; groups: TargetGroup[]} | {kind: 'static'; addresses: string[]}
  /** Set on blackbox jobs: targets are what to probe, the exporter is dialled instead. */
  probeModule?: BlackboxModuleName
  honorLabels?: boolean
  /** `metric_relabel_configs`, applied to the scraped series. */
  metricRelabel?: Record<string, unknown>[]
  /** Some target speaks https (the job's scheme, or a target's `__scheme__`): the job needs the fleet's TLS files. */
  usesHttps: boolean
  /** False only for the self-scrape: every shard watches itself. */
  sharded: boolean
}

/** A target a job will scrape, with the scheme and metrics path it needs. */
export interface TargetCandidate {
  scheme: Scheme
  metricsPath: string
  address: string
  labels: Readonly<Record<string, string>>
}
