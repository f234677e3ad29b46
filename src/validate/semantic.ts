import {EXPORTERS, RUNTIMES, withLogSignals, type RuntimeProfile} from '../catalog/index.js'
import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {didYouMean} from '../diagnostics/suggest.js'
import {bundledAlertNames} from '../generators/prometheus-rules/index.js'
import {diagnosticAt, type YamlSource} from '../load/yaml-source.js'
import {DEFAULTS} from '../normalize/defaults.js'
import {shipsServerLogs} from '../normalize/logging.js'
import {resolveNodeExporters} from '../normalize/node-exporters.js'
import {type FleetSpec, nodeSchema} from '../schema/fleet.js'
import {filePath, parseDuration} from '../schema/primitives.js'

type Path = PropertyKey[]
interface Named {name: string; path: Path}

/**
 * Checks the schema cannot express: uniqueness, references between sections, port collisions,
 * and combinations that would generate rules that can never fire.
 */
export function checkSemantics(spec: FleetSpec, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = []
  const at = (path: Path, message: string) => out.push(diagnosticAt(source, path, message))

  const nodes: Named[] = spec.nodes.map((node, i) => ({name: node.name, path: ['nodes', i, 'name']}))
  const servers: (Named & {node: number; server: number})[] = spec.nodes.flatMap((node, i) =>
    (node.modelServers ?? []).map((server, j) => ({name: server.name, node: i, path: ['nodes', i, 'modelServers', j, 'name'], server: j})),
  )
  const receivers: Named[] = (spec.alerting?.receivers ?? []).map((r, i) => ({name: r.name, path: ['alerting', 'receivers', i, 'name']}))

  checkUniqueNames(spec, at)

  const nodeNames = nodes.map((n) => n.name)
  const serverNames = servers.map((s) => s.name)
  const receiverNames = receivers.map((r) => r.name)
  // Sets for the lookups: sites of a big fleet list thousands of nodes, each checked here.
  const sets = new Map<string[], Set<string>>()
  const mustExist = (name: string, known: string[], what: string, path: Path) => {
    let set = sets.get(known)
    if (!set) sets.set(known, (set = new Set(known)))
    if (!set.has(name)) at(path, `unknown ${what} "${name}"${didYouMean(name, known)}`)
  }
  // Reversed, so a duplicated name (reported above) resolves to its first entry, as find() did.
  const nodeSpecs = new Map(spec.nodes.map((n) => [n.name, n] as const).reverse())
  const serverByName = new Map(servers.map((s) => [s.name, s] as const).reverse())

  for (const [i, site] of (spec.sites ?? []).entries()) {
    for (const [j, name] of (site.nodes ?? []).entries()) mustExist(name, nodeNames, 'node', ['sites', i, 'nodes', j])
    for (const [j, name] of (site.servers ?? []).entries()) mustExist(name, serverNames, 'model server', ['sites', i, 'servers', j])
  }
  for (const [i, backup] of (spec.backups ?? []).entries()) {
    mustExist(backup.node, nodeNames, 'node', ['backups', i, 'node'])
    const node = nodeSpecs.get(backup.node)
    // The backup job reports through node_exporter's textfile collector on that node.
    if (node && !resolveNodeExporters(node).some((e) => e.id === 'node-exporter')) {
      at(['backups', i, 'node'], `backup "${backup.name}" reports through node_exporter's textfile collector, but node "${node.name}" has node-exporter disabled`)
    } else if (node?.exporters?.textfile?.enabled === false) {
      at(['backups', i, 'node'], `backup "${backup.name}" reports through the textfile collector, but node "${node.name}" has textfile disabled`)
    }
  }
  if (spec.alerting) {
    const {defaultReceiver, routes = []} = spec.alerting
    if (defaultReceiver) mustExist(defaultReceiver, receiverNames, 'receiver', ['alerting', 'defaultReceiver'])
    for (const [i, route] of routes.entries()) mustExist(route.receiver, receiverNames, 'receiver', ['alerting', 'routes', i, 'receiver'])
    for (const [i, receiver] of spec.alerting.receivers.entries()) {
      if (!receiver.email && !receiver.slack && !receiver.webhook) {
        at(['alerting', 'receivers', i], `receiver "${receiver.name}" needs at least one of email, slack or webhook`)
      }
    }
  }

  for (const [i, job] of (spec.drift ?? []).entries()) {
    const server = serverByName.get(job.server)
    if (!server) {
      mustExist(job.server, serverNames, 'model server', ['drift', i, 'server'])
      continue
    }
    const serverSpec = spec.nodes[server.node]!.modelServers![server.server]!
    checkDriftSource(job, i, withLogSignals(RUNTIMES[serverSpec.runtime], shipsServerLogs(spec.logging)), at)
    if (job.model !== undefined) {
      const models = serverSpec.models.map((m) => m.name)
      mustExist(job.model, models, `model on server "${serverSpec.name}"`, ['drift', i, 'model'])
    }
  }

  if (spec.logging) {
    const classes = Object.keys(spec.logging.retention ?? DEFAULTS.logging.retention)
    for (const [name, match] of Object.entries(spec.logging.retentionMatch ?? {})) {
      if (!classes.includes(name)) at(['logging', 'retentionMatch', name], `unknown retention class "${name}": declare how long it is kept in logging.retention${didYouMean(name, classes)}`)
      for (const [j, server] of (match.servers ?? []).entries()) mustExist(server, serverNames, 'model server', ['logging', 'retentionMatch', name, 'servers', j])
    }
    for (const server of Object.keys(spec.logging.logFiles ?? {})) mustExist(server, serverNames, 'model server', ['logging', 'logFiles', server])
  }

  const stableModels = new Set(spec.nodes.flatMap((n) => (n.modelServers ?? []).flatMap((s) => s.models.filter((m) => (m.stage ?? 'stable') === 'stable').map((m) => m.name))))

  for (const [i, node] of spec.nodes.entries()) {
    checkPorts(node, i, at, spec.logging)
    for (const [j, server] of (node.modelServers ?? []).entries()) {
      for (const [k, model] of server.models.entries()) {
        if (model.stage === 'canary' && !stableModels.has(model.name)) {
          at(['nodes', i, 'modelServers', j, 'models', k, 'stage'], `canary model "${model.name}" has no stable model of the same name to be compared with`)
        }
      }
      if (server.runtime === 'custom' && server.healthPath === undefined) {
        at(['nodes', i, 'modelServers', j], 'a custom runtime needs healthPath (inferwatch cannot guess how to probe it)')
      }
    }
  }

  const interval = parseDuration(spec.defaults?.scrapeInterval ?? DEFAULTS.scrape.interval)!
  const timeout = spec.defaults?.scrapeTimeout
  if (timeout !== undefined && parseDuration(timeout)! > interval) {
    at(['defaults', 'scrapeTimeout'], `must not be longer than the scrape interval (${spec.defaults?.scrapeInterval ?? DEFAULTS.scrape.interval}); Prometheus rejects it`)
  }
  const alertNames = bundledAlertNames()
  for (const name of Object.keys(spec.defaults?.alerts ?? {})) mustExist(name, alertNames, 'alert', ['defaults', 'alerts', name])
  for (const [hardware, t] of Object.entries(spec.defaults?.thresholds?.temperature ?? {})) {
    if (t && t.warning >= t.critical) at(['defaults', 'thresholds', 'temperature', hardware, 'warning'], `warning (${t.warning}) must be below critical (${t.critical})`)
  }
  checkTlsPair(spec.tls, ['tls'], at)
  for (const [i, target] of (spec.prometheus?.remoteWrite ?? []).entries()) {
    checkTlsPair(target.tls, ['prometheus', 'remoteWrite', i, 'tls'], at)
    if (target.basicAuth && target.bearerTokenFile) at(['prometheus', 'remoteWrite', i, 'bearerTokenFile'], 'use basicAuth or bearerTokenFile, not both')
  }
  return out
}

type At = (path: Path, message: string) => void

/**
 * A drift job needs a distribution: its runtime's output-length histogram, or a samples file. The
 * baseline is a window or a snapshot file; a window needs timestamped samples; Kubernetes runs a
 * job in a pod, which neither sees a node's samples file nor takes every name.
 */
/** `runtime` as this fleet sees it: a signal derived from logs exists only where the fleet ships them. */
function checkDriftSource(job: NonNullable<FleetSpec['drift']>[number], i: number, runtime: RuntimeProfile, at: At) {
  const signal = runtime.signals.outputLength
  if (!job.samples && signal.kind !== 'histogram') {
    const reason = signal.kind === 'unavailable' ? signal.reason : `its output length is a ${signal.kind}, not a histogram`
    at(['drift', i, 'server'], `drift needs a distribution to compare, and ${runtime.title} has no output-length histogram (${reason}): give the job a samples file (drift[].samples: {file, field})`)
  }
  if (job.buckets && !job.samples) at(['drift', i, 'buckets'], "buckets bin a samples file; a histogram's own buckets are used as they are")
  const baseline = job.baseline ?? DEFAULTS.drift.baseline
  const window = parseDuration(baseline) !== undefined
  if (!window && !filePath.safeParse(baseline).success) at(['drift', i, 'baseline'], 'must be a window such as 7d, or the absolute path of a baseline snapshot from `inferwatch drift baseline`')
  if (window && job.samples && !job.samples.timeField) {
    at(['drift', i, 'baseline'], 'a window baseline needs timestamped samples (samples.timeField); without one, capture a snapshot with `inferwatch drift baseline` and give its path')
  }
  if ((job.scheduler ?? DEFAULTS.drift.scheduler) === 'kubernetes') {
    if (job.samples) at(['drift', i, 'scheduler'], "a Kubernetes CronJob cannot read a node's samples file; schedule this job with systemd or cron")
    if (!/^[a-z0-9](?:[a-z0-9-]{0,33}[a-z0-9])?$/.test(job.name)) {
      at(['drift', i, 'name'], 'with scheduler kubernetes, the name becomes the CronJob inferwatch-drift-<name>: at most 35 lowercase letters, digits and "-"')
    }
  }
}

/** Items of a list in the raw document, with their index, whatever shape they have. */
function listAt(value: unknown, path: readonly PropertyKey[]): {item: Record<string, unknown>; index: number}[] {
  let current: unknown = value
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined
  if (!Array.isArray(current)) return []
  return current.flatMap((item, index) => (item !== null && typeof item === 'object' ? [{index, item: item as Record<string, unknown>}] : []))
}

function namesAt(value: unknown, path: readonly PropertyKey[]): Named[] {
  return listAt(value, path).flatMap(({index, item}) => (typeof item.name === 'string' ? [{name: item.name, path: [...path, index, 'name']}] : []))
}

/**
 * Duplicate names, read from the raw document so they are reported even when other parts of the
 * file fail the schema: the user sees every problem in one run.
 */
export function checkUniqueNames(value: unknown, at: At): void {
  unique(namesAt(value, ['nodes']), 'node', at)
  unique(listAt(value, ['nodes']).flatMap(({index}) => namesAt(value, ['nodes', index, 'modelServers'])), 'model server', at)
  unique(namesAt(value, ['sites']), 'site', at)
  unique(namesAt(value, ['alerting', 'receivers']), 'receiver', at)
  unique(namesAt(value, ['drift']), 'drift job', at)
  unique(namesAt(value, ['backups']), 'backup', at)
  unique(namesAt(value, ['prometheus', 'remoteWrite']), 'remote-write target', at)
}

/** The checks that can run on a document that failed the schema: names, and ports of nodes that are valid on their own. */
export function checkSemanticsOfInvalid(value: unknown, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = []
  const at: At = (path, message) => out.push(diagnosticAt(source, path, message))
  checkUniqueNames(value, at)
  for (const {index, item} of listAt(value, ['nodes'])) {
    const node = nodeSchema.safeParse(item)
    if (node.success) checkPorts(node.data, index, at)
  }
  return out
}

function unique(items: Named[], what: string, at: At) {
  const first = new Map<string, Named>()
  for (const item of items) {
    const earlier = first.get(item.name)
    if (earlier) at(item.path, `duplicate ${what} name "${item.name}" (first defined at ${formatShortPath(earlier.path)})`)
    else first.set(item.name, item)
  }
}

function formatShortPath(path: Path): string {
  return path.slice(0, -1).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')
}

function checkPorts(node: FleetSpec['nodes'][number], index: number, at: (path: Path, message: string) => void, logging?: FleetSpec['logging']) {
  const claimed = new Map<number, string>()
  const claim = (port: number, owner: string, path: Path, note = '', why = '') => {
    const holder = claimed.get(port)
    if (holder) at(path, `port ${port}${note} on node "${node.name}" is already used by ${holder}${why}`)
    else claimed.set(port, owner)
  }
  // Fluent Bit runs on every node when the fleet ships logs: its HTTP server and the log-metrics exporter.
  if (logging) {
    claimed.set(logging.httpPort ?? DEFAULTS.logging.httpPort, 'Fluent Bit (logging.httpPort)')
    claimed.set(logging.metricsPort ?? DEFAULTS.logging.metricsPort, 'Fluent Bit (logging.metricsPort)')
  }
  for (const exporter of resolveNodeExporters(node)) {
    // A port the catalog knows an exporter lands on by accident: the collision says why.
    const known = EXPORTERS[exporter.id].portConflicts?.find((c) => c.port === exporter.port)
    claim(exporter.port, exporter.id, ['nodes', index, 'exporters', exporter.id, 'port'], '', known ? `; ${known.reason}` : '')
  }
  for (const [j, server] of (node.modelServers ?? []).entries()) {
    const runtime = RUNTIMES[server.runtime]
    const port = server.port ?? runtime.defaultPort
    const implicit = server.port === undefined
    claim(port, `model server "${server.name}"`, ['nodes', index, 'modelServers', j, implicit ? 'runtime' : 'port'], implicit ? ` (the ${runtime.title} default; set port to change it)` : '')
    const metricsPort = server.metricsPort ?? runtime.metrics?.port
    if (metricsPort !== undefined && metricsPort !== port) {
      claim(metricsPort, `model server "${server.name}" (metrics)`, ['nodes', index, 'modelServers', j, 'metricsPort'])
    }
  }
}

function checkTlsPair(tls: {certFile?: string; keyFile?: string} | undefined, path: Path, at: (path: Path, message: string) => void) {
  if (!tls) return
  if (tls.certFile && !tls.keyFile) at([...path, 'certFile'], 'certFile needs keyFile for mutual TLS')
  if (tls.keyFile && !tls.certFile) at([...path, 'keyFile'], 'keyFile needs certFile for mutual TLS')
}
