import {EXPORTERS, NODE_EXPORTER_IDS, RUNTIME_IDS, RUNTIMES, SERVICE_JOBS} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {AGENT_CONFIG, GLOBAL_CONFIG, PROMETHEUS_CONFIG, shardAddress, shardConfig, targetsFile} from './output-paths.js'
import {needsAgentConfig, rulerStore} from './prometheus-config.js'
import {tenantHeader} from './remote-write.js'
import type {ScrapeJob} from './scrape-job.js'

/** What the generated README must tell the operator about scraping this fleet. */
export function scrapeNotes(fleet: Fleet, jobs: readonly ScrapeJob[]): string[] {
  return [
    ...catalogNotes(fleet),
    ...mixedSchemeNotes(jobs),
    ...probeNotes(jobs),
    ...remoteWriteNotes(fleet),
    ...shardNotes(fleet),
    ...agentNotes(fleet),
    retentionNote(fleet),
  ]
}

/** Retention is a Prometheus flag, not a setting of prometheus.yml. */
function retentionNote(fleet: Fleet): string {
  return `Start Prometheus with \`--config.file=<this folder>/${PROMETHEUS_CONFIG} --storage.tsdb.retention.time=${fleet.prometheus.retention}\` (on Debian, put the flags in ARGS in /etc/default/prometheus).`
}

/** Caveats the catalog records for the exporters and runtimes this fleet uses. */
function catalogNotes(fleet: Fleet): string[] {
  const exporters = new Set(fleet.nodes.flatMap((node) => node.exporters.map((e) => e.id)))
  const runtimes = new Set(fleet.servers.map((server) => server.runtime.id))
  return [
    ...NODE_EXPORTER_IDS.filter((id) => exporters.has(id)).flatMap((id) => EXPORTERS[id].notes),
    ...RUNTIME_IDS.filter((id) => runtimes.has(id)).flatMap((id) => {
      const runtime = RUNTIMES[id]
      const metricsNote = runtime.metrics?.note
      return [...(metricsNote ? [`${runtime.title}: ${metricsNote}.`] : []), ...runtime.notes]
    }),
  ]
}

function mixedSchemeNotes(jobs: readonly ScrapeJob[]): string[] {
  return jobs
    .filter((job) => job.targets.kind === 'file-sd' && job.targets.groups.some((g) => g.labels.__scheme__ !== undefined))
    .map((job) => `Job \`${job.name}\` mixes http and https targets: the ones that differ from the job's \`scheme: ${job.scheme}\` carry \`__scheme__\` in \`${targetsFile(job.name)}\`, and https ones use the job's tls_config.`)
}

function probeNotes(jobs: readonly ScrapeJob[]): string[] {
  if (!jobs.some((job) => job.name === SERVICE_JOBS.tlsProbe)) return []
  return [`\`${SERVICE_JOBS.tlsProbe}\` only completes a TLS handshake with each https server (instance is host:port), so certificate expiry stays watched while the health endpoint fails.`]
}

function remoteWriteNotes(fleet: Fleet): string[] {
  return fleet.prometheus.remoteWrite
    .filter((target) => target.tenant !== undefined && tenantHeader(target) === undefined)
    .map((target) =>
      target.kind === 'victoriametrics'
        ? `Remote write \`${target.name}\`: VictoriaMetrics takes the tenant in the URL path (/insert/<accountID>/prometheus/...), not a header, so \`tenant\` is not sent.`
        : `Remote write \`${target.name}\`: kind \`${target.kind ?? 'other'}\` has no known tenant header, so \`tenant\` is not sent.`,
    )
}

function shardNotes(fleet: Fleet): string[] {
  const count = fleet.prometheus.shards
  if (count <= 1) return []
  return [
    `prometheus.shards is ${count}: run ${count} Prometheus servers, server i with --config.file=${shardConfig('<i>')} (i = 0…${count - 1}). Each keeps the targets whose address hashes to i and adds the external label shard="i"; \`${PROMETHEUS_CONFIG}\` stays the unsharded config for a single server.`,
    'Each shard evaluates only the recording rules: a shard sees its share of the targets, so alerts that compare targets (canary against stable) or look for missing series would misfire there. The alerts run where the shards meet:',
    whereAlertsRun(fleet),
  ]
}

function whereAlertsRun(fleet: Fleet): string {
  const store = rulerStore(fleet)
  if (store?.kind === 'mimir') return `the Mimir ruler (remote write \`${store.name}\`): load prometheus/ruler/mimir.yml with mimirtool, as the rules notes say.`
  if (store?.kind === 'thanos') {
    return `Thanos Ruler (remote write \`${store.name}\`): \`thanos rule --rule-file='prometheus/rules/alerts-*.yml' --query=<thanos-query>:9090 --alertmanagers.url=http://${fleet.prometheus.alertmanagers[0] ?? '<alertmanager>'}\`.`
  }
  if (store?.kind === 'victoriametrics') {
    return `vmalert (remote write \`${store.name}\`): \`vmalert -rule='prometheus/rules/alerts-*.yml' -datasource.url=<victoriametrics> -notifier.url=http://${fleet.prometheus.alertmanagers[0] ?? '<alertmanager>'}\`.`
  }
  return `a global Prometheus, \`prometheus --config.file=${GLOBAL_CONFIG}\`, which federates from each shard (as ${Array.from({length: Math.min(fleet.prometheus.shards, 2)}, (_, i) => shardAddress(i)).join(', ')}, …: point those names at the shards in DNS or /etc/hosts) the series the alerting rules read, and evaluates prometheus/rules/alerts-*.yml over the whole fleet.`
}

function agentNotes(fleet: Fleet): string[] {
  if (!needsAgentConfig(fleet)) return []
  const notes = [
    `\`${AGENT_CONFIG}\` is for edge sites that forward to a central store: run \`prometheus --enable-feature=agent --config.file=${AGENT_CONFIG}\`. It has no rule_files or alerting (agent mode rejects them), so rules and alerts run on the central store.`,
  ]
  if (fleet.prometheus.remoteWrite.length === 0) {
    notes.push('prometheus.mode is agent but no prometheus.remoteWrite target is set: an agent keeps nothing to query locally, so add the store it forwards to.')
  }
  return notes
}
