import {SERVICE_JOBS} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import type {OutputFile} from '../types.js'
import {fleetRules} from '../prometheus-rules/index.js'
import {mustParsePromql, vectorSelectors} from '../prometheus-rules/promql.js'
import {AGENT_CONFIG, GLOBAL_CONFIG, PROMETHEUS_CONFIG, RECORDING_FILE, relativeToConfig, RULES_DIR, shardAddress, shardConfig} from './output-paths.js'
import {remoteWriteConfig} from './remote-write.js'
import type {ScrapeJob} from './scrape-job.js'
import {scrapeConfig, type Shard} from './scrape-config.js'
import {generatedHeader, renderYaml} from './yaml-document.js'

/** The same scrape jobs, rendered for one Prometheus: the single server, one shard of N, or an agent. */
export type ConfigVariant = {kind: 'server'} | {kind: 'shard'; shard: Shard} | {kind: 'agent'} | {kind: 'global'}

export function prometheusConfigFiles(fleet: Fleet, jobs: readonly ScrapeJob[]): OutputFile[] {
  const variants: ConfigVariant[] = [{kind: 'server'}]
  const {shards} = fleet.prometheus
  if (shards > 1) for (let index = 0; index < shards; index++) variants.push({kind: 'shard', shard: {count: shards, index}})
  if (shards > 1 && rulerStore(fleet) === undefined) variants.push({kind: 'global'})
  if (needsAgentConfig(fleet)) variants.push({kind: 'agent'})
  return variants.map((variant) => {
    const path = variantPath(variant)
    return {content: renderYaml(prometheusConfig(fleet, jobs, variant, path), variantHeader(fleet, variant)), path}
  })
}

/** Edge sites forward to a central store: an agent config whenever the fleet runs agents or writes remotely. */
export function needsAgentConfig(fleet: Fleet): boolean {
  return fleet.prometheus.mode === 'agent' || fleet.prometheus.remoteWrite.length > 0
}

/**
 * The long-term store the shards write to whose ruler evaluates the alerts (Mimir ruler, Thanos
 * Ruler, vmalert), or undefined: then a global Prometheus federates the shards and alerts there.
 */
export function rulerStore(fleet: Fleet) {
  return fleet.prometheus.remoteWrite.find((target) => target.kind === 'mimir' || target.kind === 'thanos' || target.kind === 'victoriametrics')
}

function variantPath(variant: ConfigVariant): string {
  if (variant.kind === 'shard') return shardConfig(variant.shard.index)
  if (variant.kind === 'global') return GLOBAL_CONFIG
  return variant.kind === 'agent' ? AGENT_CONFIG : PROMETHEUS_CONFIG
}

function prometheusConfig(fleet: Fleet, jobs: readonly ScrapeJob[], variant: ConfigVariant, path: string): Record<string, unknown> {
  const config: Record<string, unknown> = {global: globalSection(fleet, variant)}
  if (variant.kind === 'global') {
    // The shards record; this one alerts, over the whole fleet, on what it federates from them.
    config.rule_files = [`${relativeToConfig(path, RULES_DIR)}/alerts-*.yml`]
    config.alerting = {alertmanagers: [{static_configs: [{targets: fleet.prometheus.alertmanagers}]}]}
    config.scrape_configs = [federationJob(fleet)]
    return config
  }
  // Agent mode rejects rule_files and alerting: rules run where the data lands. A shard sees only its
  // share of the targets, so it records per-target aggregates and leaves alerting (which compares
  // targets and looks for missing series) to where the shards meet.
  if (variant.kind === 'server') {
    config.rule_files = [`${relativeToConfig(path, RULES_DIR)}/*.yml`]
    config.alerting = {alertmanagers: [{static_configs: [{targets: fleet.prometheus.alertmanagers}]}]}
  } else if (variant.kind === 'shard') {
    config.rule_files = [relativeToConfig(path, RECORDING_FILE)]
  }
  const shard = variant.kind === 'shard' ? variant.shard : undefined
  config.scrape_configs = jobs.map((job) => scrapeConfig(job, {configPath: path, fleet, shard}))
  if (fleet.prometheus.remoteWrite.length > 0) config.remote_write = fleet.prometheus.remoteWrite.map(remoteWriteConfig)
  return config
}

function globalSection(fleet: Fleet, variant: ConfigVariant): Record<string, unknown> {
  const global: Record<string, unknown> = {scrape_interval: fleet.scrape.interval, scrape_timeout: fleet.scrape.timeout}
  if (variant.kind !== 'agent') global.evaluation_interval = fleet.scrape.evaluationInterval
  global.external_labels = externalLabels(fleet, variant)
  return global
}

/** `fleet` and `environment` tell fleets apart in a shared store; the fleet's own labels may override them. */
function externalLabels(fleet: Fleet, variant: ConfigVariant): Record<string, string> {
  const labels: Record<string, string> = {environment: fleet.environment, fleet: fleet.name, ...fleet.prometheus.externalLabels}
  if (variant.kind === 'shard') labels.shard = String(variant.shard.index)
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * Federates from every shard exactly the series the alerting rules read (the shards' recording
 * rules and the few raw series alerts select, such as up and probe_success), keeping the shards'
 * labels, so each alert sees the whole fleet: a canary and its stable servers on different shards,
 * a backup whose series is missing everywhere.
 */
function federationJob(fleet: Fleet): Record<string, unknown> {
  const names = new Set<string>()
  for (const alert of fleetRules(fleet).alerts) for (const selector of vectorSelectors(mustParsePromql(alert.expr))) names.add(selector.name)
  return {
    job_name: FEDERATION_JOB,
    honor_labels: true,
    metrics_path: '/federate',
    params: {'match[]': [...names].sort().map((name) => `{__name__="${name}"}`)},
    static_configs: [{targets: Array.from({length: fleet.prometheus.shards}, (_, i) => shardAddress(i))}],
  }
}

export const FEDERATION_JOB = 'federate-shards'

function variantHeader(fleet: Fleet, variant: ConfigVariant): string[] {
  const header = [`Prometheus configuration for fleet "${fleet.name}".`, generatedHeader(fleet.sourceFile)]
  if (variant.kind === 'shard') {
    const {count, index} = variant.shard
    header.push(`Shard ${index} of ${count}: keeps the targets whose address hashes to ${index} (mod ${count}); the "${SERVICE_JOBS.prometheus}" job is not split.`)
  }
  if (variant.kind === 'agent') header.push('Agent mode: run with --enable-feature=agent; no rules or alerting, everything goes to remote_write.')
  if (variant.kind === 'global') header.push(`Global Prometheus of ${fleet.prometheus.shards} shards: federates what the alerts read from each shard and evaluates the alerting rules over the whole fleet.`)
  return header
}
