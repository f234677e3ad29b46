import {isIP} from 'node:net'

import {
  CONTAINER_LOGS,
  EXPORTER_UNITS,
  isFromLogs,
  LOG_DERIVED_METRICS,
  LOG_METRICS,
  type LogDerivedMetric,
  logMetricName,
  RUNTIME_LOGS,
  serverTargetLabels,
  type SignalSource,
} from '../../catalog/index.js'
import type {FleetNode, Logging, ModelServer} from '../../normalize/fleet-model.js'
import {type FluentBitConfig, type Parser, type Plugin, plugin, type Property} from './model.js'
import {streamLabels} from './stream-labels.js'

/** Every record from a log input is tagged `log.<kind>.<…>`; metrics the filters derive are tagged METRICS_TAG. */
export const LOG_MATCH = 'log.*'
export const METRICS_TAG = 'metrics.logs'
export const JSON_PARSER = 'inferwatch_json'
export const LUA_FUNCTION = 'inferwatch_record'
export const SECRET_ENV = 'INFERWATCH_SINK_PASSWORD'

const TAG_KIND = {containers: 'containers', journald: 'journald', 'model-servers': 'files'} as const

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A model server's logs on its node: the input tags they arrive under and the parser its request lines need. */
export interface ServerLog {
  server: ModelServer
  tags: string[]
  parser: 'llamacpp' | 'ollama' | undefined
}

/** The inputs a node runs, with a concrete example of every tag they produce (for routing checks). */
interface Inputs {
  plugins: Plugin[]
  servers: ServerLog[]
  exampleTags: string[]
}

function inputs(logging: Logging, node: FleetNode): Inputs {
  const state = logging.stateDirectory
  const linux = node.hardware.os === 'linux'
  const buffered: Property[] = [
    ['mem_buf_limit', logging.buffers.inputMemBufLimit],
    ['storage.type', 'filesystem'],
  ]
  const plugins: Plugin[] = []
  const tagsOf = new Map<string, string[]>(node.servers.map((s) => [s.name, []]))
  const exampleTags: string[] = []
  const sources = new Set(logging.sources)
  const readFrom = (where: 'file' | 'journal') => node.servers.filter((server) => serverLogSource(logging, node, server) === where)
  if (sources.has('journald') && linux) {
    for (const server of readFrom('journal')) {
      const tag = `log.${TAG_KIND.journald}.${server.name}`
      tagsOf.get(server.name)!.push(tag)
      exampleTags.push(tag)
      plugins.push(
        plugin('systemd', [
          ['alias', `journald-${server.name}`],
          ['tag', tag],
          ['systemd_filter', `_SYSTEMD_UNIT=${serverUnit(node, server)}`],
          ['db', `${state}/journald-${server.name}.db`],
          ['read_from_tail', true],
          ...buffered,
        ]),
      )
    }
    const units = [...new Set(node.exporters.map((e) => EXPORTER_UNITS[e.id]))].sort()
    if (units.length > 0) {
      const tag = `log.${TAG_KIND.journald}._exporters`
      exampleTags.push(tag)
      plugins.push(
        plugin('systemd', [
          ['alias', 'journald-exporters'],
          ['tag', tag],
          ...units.map((unit): Property => ['systemd_filter', `_SYSTEMD_UNIT=${unit}`]),
          ['db', `${state}/journald-exporters.db`],
          ['read_from_tail', true],
          ...buffered,
        ]),
      )
    }
  }

  if (sources.has('model-servers')) {
    for (const server of readFrom('file')) {
      const path = serverLogFile(logging, node, server)!
      const tag = `log.${TAG_KIND['model-servers']}.${server.name}`
      tagsOf.get(server.name)!.push(tag)
      exampleTags.push(tag)
      plugins.push(plugin('tail', [['alias', `file-${server.name}`], ['tag', tag], ['path', path], ...tailSettings(state, `file-${server.name}`), ...buffered]))
    }
  }

  if (sources.has('containers') && linux) {
    for (const runtime of CONTAINER_LOGS) {
      const tag = `log.${TAG_KIND.containers}.${runtime.id}.*`
      exampleTags.push(tag.replace('*', 'var.log.example.log'))
      plugins.push(
        plugin('tail', [
          ['alias', `containers-${runtime.id}`],
          ['tag', tag],
          ['path', runtime.path],
          ['multiline.parser', runtime.multilineParser],
          ...tailSettings(state, `containers-${runtime.id}`),
          ...buffered,
        ]),
      )
    }
  }

  const servers = node.servers
    .filter((server) => tagsOf.get(server.name)!.length > 0)
    .map((server) => ({parser: RUNTIME_LOGS[server.runtime.id]?.parser, server, tags: tagsOf.get(server.name)!}))
  return {exampleTags, plugins, servers}
}

/**
 * Where a server's lines are read, if at all. Once: from its log file when the fleet ships
 * model-server files and it writes one, otherwise from its journal; reading both would ship and count
 * every request twice.
 */
function serverLogSource(logging: Logging, node: FleetNode, server: ModelServer): 'file' | 'journal' | null {
  if (logging.sources.includes('model-servers') && serverLogFile(logging, node, server) !== null) return 'file'
  if (logging.sources.includes('journald') && node.hardware.os === 'linux') return 'journal'
  return null
}

const derivesMetrics = (server: ModelServer) => RUNTIME_LOGS[server.runtime.id]?.parser !== undefined && derivedMetricsOf(server).length > 0

/**
 * Whether the node serves log-derived metrics (a prometheus_exporter Prometheus scrapes), without
 * building its config: the scrape generator asks this of every node.
 */
export function servesLogMetrics(logging: Logging, node: FleetNode): boolean {
  return node.servers.some((server) => serverLogSource(logging, node, server) !== null && derivesMetrics(server))
}

/** A position database per tail input: a restart neither re-ships nor loses lines. */
function tailSettings(state: string, name: string): Property[] {
  return [
    ['db', `${state}/${name}.db`],
    ['db.locking', true],
    ['read_from_head', false],
    ['refresh_interval', 10],
    ['rotate_wait', 30],
    ['skip_long_lines', true],
  ]
}

/** One server of a runtime: the runtime's usual unit; several on one node: template instances `<unit>@<server>`. */
export function serverUnit(node: FleetNode, server: ModelServer): string {
  const unit = server.runtime.systemdUnit
  const sameRuntime = node.servers.filter((s) => s.runtime.id === server.runtime.id).length
  return sameRuntime > 1 ? `${unit}@${server.name}.service` : `${unit}.service`
}

export function serverLogFile(logging: Logging, node: FleetNode, server: ModelServer): string | null {
  const own = logging.logFiles[server.name]
  if (own !== undefined) return own
  const path = RUNTIME_LOGS[server.runtime.id]?.logFile[node.hardware.os] ?? null
  return path === null ? null : path.replaceAll('{server}', server.name)
}

const tagRegex = (kinds: readonly string[], names?: readonly string[]) =>
  `^log\\.(${kinds.join('|')})\\.${names ? `(${names.map(escapeRegex).join('|')})$` : ''}`

function matchesSome(regex: string, tags: readonly string[]): boolean {
  const re = new RegExp(regex)
  return tags.some((tag) => re.test(tag))
}

/** The index a record goes to in Elasticsearch/OpenSearch: one per retention class. */
export function indexPrefix(logging: Logging, retentionClass: string): string {
  return `${logging.sink.index}-${retentionClass}`
}

const usesIndex = (logging: Logging) => logging.sink.type === 'elasticsearch' || logging.sink.type === 'opensearch'

function filters(logging: Logging, node: FleetNode, input: Inputs, luaScript: string): Plugin[] {
  const out: Plugin[] = []
  const kinds = [...new Set(input.exampleTags.map((tag) => tag.split('.')[1]!))].sort()
  // The journal's trusted `_` fields (_PID, _BOOT_ID, _CMDLINE, …) would triple every line; the unit is kept.
  if (kinds.includes(TAG_KIND.journald)) {
    out.push(plugin('modify', [['match_regex', tagRegex([TAG_KIND.journald])], ['rename', 'MESSAGE log'], ['rename', '_SYSTEMD_UNIT unit'], ['remove_wildcard', '_']]))
  }
  for (const source of Object.keys(TAG_KIND) as (keyof typeof TAG_KIND)[]) {
    if (kinds.includes(TAG_KIND[source])) out.push(plugin('modify', [['match_regex', tagRegex([TAG_KIND[source]])], ['set', `source ${source}`]]))
  }
  const nodeFields = Object.entries(streamLabels.nodeFields(node))
  out.push(
    plugin('modify', [
      ['match', LOG_MATCH],
      ...nodeFields.map(([key, value]): Property => ['set', `${key} ${value}`]),
      ['set', 'retention default'],
      usesIndex(logging) && ['set', `es_index ${indexPrefix(logging, 'default')}`],
    ]),
  )
  for (const {server, tags} of input.servers) {
    const labels = Object.entries(serverFields(node, server))
    out.push(plugin('modify', [['match_regex', exactTags(tags)], ...labels.map(([key, value]): Property => ['set', `${key} ${value}`])]))
  }
  for (const match of logging.retentionMatch) {
    const regex = retentionRegex(match)
    if (!matchesSome(regex, input.exampleTags)) continue
    out.push(
      plugin('modify', [
        ['match_regex', regex],
        ['set', `retention ${match.name}`],
        usesIndex(logging) && ['set', `es_index ${indexPrefix(logging, match.name)}`],
      ]),
    )
  }
  out.push(plugin('parser', [['match', LOG_MATCH], ['key_name', 'log'], ['parser', JSON_PARSER], ['reserve_data', true]]))
  // Redaction and the prompt policy run here, before the metrics and every output.
  out.push(plugin('lua', [['match', LOG_MATCH], ['script', luaScript], ['call', LUA_FUNCTION]]))
  out.push(...logToMetrics(logging, input.servers))
  if (logging.drop.length > 0) {
    out.push(plugin('grep', [['match', LOG_MATCH], ['logical_op', 'or'], ...logging.drop.map((pattern): Property => ['exclude', `log ${pattern}`])]))
  }
  return out
}

const exactTags = (tags: readonly string[]) => `^(${tags.map(escapeRegex).join('|')})$`

function retentionRegex(match: Logging['retentionMatch'][number]): string {
  const kinds = (match.sources.length > 0 ? match.sources : (Object.keys(TAG_KIND) as (keyof typeof TAG_KIND)[])).map((s) => TAG_KIND[s])
  if (match.servers.length === 0) return tagRegex(kinds)
  return tagRegex(kinds.filter((k) => k !== TAG_KIND.containers), match.servers)
}

/** The server's own stream fields: the server half of the Prometheus label contract, so logs and metrics agree. */
export function serverFields(node: FleetNode, server: ModelServer): Record<string, string> {
  const nodeKeys = new Set(Object.keys(streamLabels.nodeFields(node)))
  return Object.fromEntries(Object.entries(serverTargetLabels(node, server)).filter(([key]) => !nodeKeys.has(key) && key !== 'hardware'))
}

/** The catalog metric names a signal source reads, without matchers. */
function metricNames(source: SignalSource): string[] {
  if (source.kind === 'histogram') return [source.metric]
  if (source.kind === 'counter') return source.series.map((s) => s.replace(/\{.*$/, ''))
  return []
}

/** By the resolved signals they come from: servers of one runtime share them, and every node asks. */
const derivedBySignals = new WeakMap<ModelServer['runtime']['signals'], readonly LogDerivedMetric[]>()

/** Which log-derived metrics each server's runtime takes a signal from. */
export function derivedMetricsOf(server: ModelServer): readonly LogDerivedMetric[] {
  const {signals} = server.runtime
  let derived = derivedBySignals.get(signals)
  if (derived === undefined) {
    const names = new Set(Object.values(signals).filter(isFromLogs).flatMap(metricNames))
    derived = LOG_DERIVED_METRICS.filter((m) => names.has(logMetricName(m)))
    derivedBySignals.set(signals, derived)
  }
  return derived
}

function logToMetrics(logging: Logging, servers: ServerLog[]): Plugin[] {
  return LOG_DERIVED_METRICS.flatMap((metric) => {
    const using = servers.filter((s) => s.parser !== undefined && derivedMetricsOf(s.server).includes(metric))
    if (using.length === 0) return []
    return [
      plugin('log_to_metrics', [
        ['alias', `metrics-${metric.metric}`],
        ['match_regex', exactTags(using.flatMap((s) => s.tags))],
        ['tag', METRICS_TAG],
        ['metric_mode', metric.mode],
        ['metric_namespace', LOG_METRICS.namespace],
        ['metric_subsystem', LOG_METRICS.subsystem],
        ['metric_name', metric.metric],
        ['metric_description', metric.help],
        metric.valueField !== null && ['value_field', metric.valueField],
        ...metric.buckets.map((b): Property => ['bucket', b]),
        ...LOG_METRICS.labels.map((label): Property => ['label_field', label]),
        ['regex', `${metric.select} ^1$`],
        ['emitter_name', `emitter-${metric.metric}`],
        ['emitter_mem_buf_limit', logging.buffers.emitterMemBufLimit],
        ['flush_interval_sec', logging.buffers.metricsFlushSeconds],
      ]),
    ]
  })
}

function outputs(logging: Logging, node: FleetNode, hasMetrics: boolean): Plugin[] {
  const {sink, buffers} = logging
  const tls: Property[] = sink.tls ? [['tls', true], ['tls.verify', true]] : [['tls', false]]
  const bounded: Property[] = [
    ['retry_limit', buffers.retryLimit],
    ['storage.total_limit_size', buffers.outputStorageLimit],
  ]
  const password = sink.passwordFile ? `\${${SECRET_ENV}}` : undefined
  const out: Plugin[] = []
  const common: Property[] = [['match', LOG_MATCH], ['host', sink.host], ['port', sink.port], ...tls]
  if (sink.type === 'loki') {
    out.push(
      plugin('loki', [
        ['alias', 'loki'],
        ...common,
        sink.tenantId !== undefined && ['tenant_id', sink.tenantId],
        sink.user !== undefined && ['http_user', sink.user],
        password !== undefined && ['http_passwd', password],
        ['labels', streamLabels.lokiLabels(node).join(', ')],
        ['line_format', 'json'],
        ...bounded,
      ]),
    )
  } else if (sink.type === 'forward') {
    out.push(
      plugin('forward', [
        ['alias', 'forward'],
        ...common,
        password !== undefined && ['shared_key', password],
        password !== undefined && ['self_hostname', node.name],
        ...bounded,
      ]),
    )
  } else {
    out.push(
      plugin(sink.type === 'elasticsearch' ? 'es' : 'opensearch', [
        ['alias', sink.type],
        ...common,
        sink.user !== undefined && ['http_user', sink.user],
        password !== undefined && ['http_passwd', password],
        ['logstash_format', true],
        ['logstash_prefix', indexPrefix(logging, 'default')],
        ['logstash_prefix_key', '$es_index'],
        // ES 8 and OpenSearch 2 reject mapping types; _type is gone.
        ['suppress_type_name', true],
        ['replace_dots', true],
        ['generate_id', true],
        ...bounded,
      ]),
    )
  }
  if (hasMetrics) {
    out.push(plugin('prometheus_exporter', [['alias', 'log-metrics'], ['match', METRICS_TAG], ['host', listenAddress(node)], ['port', logging.metricsPort]]))
  }
  return out
}

/**
 * Listen where Prometheus dials: the node's IP. A host name may resolve to a loopback address on the
 * node itself (Debian maps its own name to 127.0.1.1), so then every interface.
 */
function listenAddress(node: FleetNode): string {
  return isIP(node.address.replace(/^\[|\]$/g, '')) ? node.address.replace(/^\[|\]$/g, '') : '0.0.0.0'
}

function service(logging: Logging, node: FleetNode): Property[] {
  const {buffers} = logging
  return [
    ['flush', buffers.flush],
    ['daemon', false],
    ['log_level', 'info'],
    // Prometheus scrapes /api/v2/metrics/prometheus here (job fluent-bit) on the node's own address.
    ['http_server', true],
    ['http_listen', listenAddress(node)],
    ['http_port', logging.httpPort],
    ['health_check', true],
    ['storage.path', `${logging.stateDirectory}/storage`],
    ['storage.sync', 'normal'],
    ['storage.checksum', false],
    ['storage.backlog.mem_limit', buffers.backlogMemLimit],
    ['storage.max_chunks_up', buffers.maxChunksUp],
    ['storage.metrics', true],
  ]
}

const PARSERS: Parser[] = [{name: JSON_PARSER, properties: [['format', 'json']]}]

export interface NodeConfig {
  config: FluentBitConfig
  servers: ServerLog[]
  /** Whether the node serves log-derived metrics (a prometheus_exporter Prometheus scrapes). */
  servesMetrics: boolean
  exampleTags: string[]
}

/** The whole Fluent Bit configuration of one node, as data; `luaScript` is the path the lua filter loads. */
export function nodeConfig(logging: Logging, node: FleetNode, luaScript: string): NodeConfig {
  const input = inputs(logging, node)
  const servesMetrics = servesLogMetrics(logging, node)
  return {
    config: {
      env: logging.sink.passwordFile ? [[SECRET_ENV, `file://${logging.sink.passwordFile}`]] : [],
      filters: filters(logging, node, input, luaScript),
      inputs: input.plugins,
      outputs: outputs(logging, node, servesMetrics),
      parsers: PARSERS,
      service: service(logging, node),
    },
    exampleTags: input.exampleTags,
    servers: input.servers,
    servesMetrics,
  }
}
