import type {Fleet} from '../../normalize/fleet-model.js'
import {relativeToConfig, targetsFile} from './output-paths.js'
import type {ScrapeJob} from './scrape-job.js'
import {tlsConfig} from './tls-config.js'

export interface Shard {
  index: number
  count: number
}

interface ScrapeContext {
  fleet: Fleet
  configPath: string
  shard: Shard | undefined
}

/** One `scrape_configs` entry for a job, as seen from the config file at `configPath`. */
export function scrapeConfig(job: ScrapeJob, {fleet, configPath, shard}: ScrapeContext): Record<string, unknown> {
  const config: Record<string, unknown> = {job_name: job.name}
  if (job.honorLabels) config.honor_labels = true
  config.scheme = job.scheme
  config.metrics_path = job.metricsPath
  if (job.probeModule) config.params = {module: [job.probeModule]}
  if (job.usesHttps && fleet.tls) config.tls_config = tlsConfig(fleet.tls)
  if (job.targets.kind === 'file-sd') config.file_sd_configs = [{files: [relativeToConfig(configPath, targetsFile(job.name))]}]
  else config.static_configs = [{targets: job.targets.addresses}]
  const relabel = [...(shard && job.sharded ? shardRelabel(shard) : []), ...(job.probeModule ? probeRelabel(fleet) : [])]
  if (relabel.length > 0) config.relabel_configs = relabel
  if (job.metricRelabel) config.metric_relabel_configs = job.metricRelabel
  return config
}

/**
 * Keeps the targets whose address hashes to this shard. It comes first, so probes are split by
 * the probed URL and not by the blackbox address they all share after rewriting.
 */
function shardRelabel({index, count}: Shard): Record<string, unknown>[] {
  return [
    {action: 'hashmod', source_labels: ['__address__'], modulus: count, target_label: '__tmp_hash'},
    {action: 'keep', source_labels: ['__tmp_hash'], regex: String(index)},
  ]
}

/** The standard blackbox rewrite: probe the target, keep it as `instance`, dial the exporter. */
function probeRelabel(fleet: Fleet): Record<string, unknown>[] {
  return [
    {source_labels: ['__address__'], target_label: '__param_target'},
    {source_labels: ['__param_target'], target_label: 'instance'},
    {target_label: '__address__', replacement: fleet.prometheus.blackboxAddress},
  ]
}
