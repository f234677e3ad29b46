import {posix} from 'node:path'

import {parse} from 'yaml'

import type {OutputFile} from '../../src/generators/types.js'

/**
 * A structural checker for generated Fluent Bit configs, for what `--dry-run` does not look at:
 * sections and plugins it knows, the properties each plugin needs, parsers and Lua functions that
 * are referenced but not defined, filters and outputs whose `match` no record can carry, inputs
 * whose records reach no output, and bounds a small node needs (retries, buffers, positions).
 */
export interface Plugin {
  kind: 'input' | 'filter' | 'output'
  name: string
  props: Map<string, string[]>
}

export interface ParsedConfig {
  sections: string[]
  service: Map<string, string[]>
  parsers: string[]
  plugins: Plugin[]
}

const KNOWN_YAML_SECTIONS = ['env', 'service', 'parsers', 'multiline_parsers', 'pipeline', 'includes', 'customs', 'plugins']
const KNOWN_CLASSIC_SECTIONS = ['SERVICE', 'INPUT', 'FILTER', 'OUTPUT', 'PARSER', 'MULTILINE_PARSER']

const KNOWN_PLUGINS: Record<Plugin['kind'], string[]> = {
  filter: ['grep', 'log_to_metrics', 'lua', 'modify', 'parser'],
  input: ['systemd', 'tail'],
  output: ['es', 'forward', 'loki', 'opensearch', 'prometheus_exporter'],
}

/** Properties without which the plugin does nothing useful or refuses to start. */
const REQUIRED: Record<string, string[]> = {
  es: ['host', 'port', 'suppress_type_name', 'logstash_prefix', 'retry_limit'],
  forward: ['host', 'port', 'retry_limit'],
  grep: [],
  log_to_metrics: ['tag', 'metric_mode', 'metric_name', 'metric_description', 'metric_namespace', 'metric_subsystem'],
  loki: ['host', 'port', 'labels', 'retry_limit'],
  lua: ['script', 'call'],
  modify: [],
  opensearch: ['host', 'port', 'suppress_type_name', 'logstash_prefix', 'retry_limit'],
  parser: ['key_name', 'parser'],
  prometheus_exporter: ['port', 'host'],
  systemd: ['tag', 'systemd_filter', 'db'],
  tail: ['tag', 'path', 'db', 'mem_buf_limit'],
}

const BUILT_IN_MULTILINE = ['cri', 'docker', 'go', 'java', 'python', 'ruby']

const toMap = (entries: Record<string, unknown>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), (Array.isArray(v) ? v : [v]).map(String)]))

export function parseYamlConfig(text: string): ParsedConfig {
  const doc = parse(text) as Record<string, unknown>
  const pipeline = (doc.pipeline ?? {}) as Record<string, Record<string, unknown>[]>
  const plugins: Plugin[] = []
  for (const [key, kind] of [['inputs', 'input'], ['filters', 'filter'], ['outputs', 'output']] as const) {
    for (const entry of pipeline[key] ?? []) plugins.push({kind, name: String(entry.name), props: toMap(entry)})
  }
  const sections = [...Object.keys(doc), ...Object.keys(pipeline).map((k) => `pipeline.${k}`)]
  const parsers = ((doc.parsers ?? []) as Record<string, unknown>[]).map((p) => String(p.name))
  return {parsers, plugins, sections, service: toMap((doc.service ?? {}) as Record<string, unknown>)}
}

export function parseClassicConfig(text: string, parsersText: string | undefined): ParsedConfig {
  const sections: string[] = []
  const blocks: {section: string; props: Map<string, string[]>}[] = []
  for (const source of [text, parsersText ?? '']) {
    for (const raw of source.split('\n')) {
      const line = raw.trim()
      if (line === '' || line.startsWith('#') || line.startsWith('@SET ')) continue
      const header = /^\[([A-Z_]+)\]$/.exec(line)
      if (header) {
        sections.push(header[1]!)
        blocks.push({props: new Map(), section: header[1]!})
        continue
      }
      const [key, ...rest] = line.split(/\s+/)
      const block = blocks.at(-1)
      if (!block) throw new Error(`property outside a section: ${line}`)
      const values = block.props.get(key!.toLowerCase()) ?? []
      block.props.set(key!.toLowerCase(), [...values, rest.join(' ')])
    }
  }
  const kinds: Record<string, Plugin['kind']> = {FILTER: 'filter', INPUT: 'input', OUTPUT: 'output'}
  return {
    parsers: blocks.filter((b) => b.section === 'PARSER').map((b) => b.props.get('name')![0]!),
    plugins: blocks.filter((b) => kinds[b.section]).map((b) => ({kind: kinds[b.section]!, name: b.props.get('name')![0]!, props: b.props})),
    sections: [...new Set(sections)],
    service: blocks.find((b) => b.section === 'SERVICE')?.props ?? new Map(),
  }
}

/** Fluent Bit's match: `*` is any run of characters; match_regex is a regular expression over the tag. */
function matcher(plugin: Plugin): RegExp | undefined {
  const match = plugin.props.get('match')?.[0]
  if (match !== undefined) return new RegExp(`^${match.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  const regex = plugin.props.get('match_regex')?.[0]
  return regex === undefined ? undefined : new RegExp(regex)
}

const one = (plugin: Plugin, key: string) => plugin.props.get(key)?.[0]

/** Problems with one node's config; empty when it is sound. `files` are the files installed on the node, keyed by their path there. */
export function checkConfig(config: ParsedConfig, configPath: string, files: ReadonlyMap<string, string>, format: 'yaml' | 'classic'): string[] {
  const problems: string[] = []
  const known = format === 'yaml' ? [...KNOWN_YAML_SECTIONS, 'pipeline.inputs', 'pipeline.filters', 'pipeline.outputs'] : KNOWN_CLASSIC_SECTIONS
  for (const section of config.sections) if (!known.includes(section)) problems.push(`unknown section ${section}`)

  const tags: string[] = []
  for (const plugin of config.plugins) {
    const label = `${plugin.kind} ${plugin.name}${one(plugin, 'alias') ? ` (${one(plugin, 'alias')})` : ''}`
    if (!KNOWN_PLUGINS[plugin.kind].includes(plugin.name)) problems.push(`${label}: unknown ${plugin.kind} plugin`)
    for (const key of REQUIRED[plugin.name] ?? []) if (!plugin.props.has(key)) problems.push(`${label}: missing ${key}`)
    if (plugin.kind !== 'input') {
      const count = ['match', 'match_regex'].filter((k) => plugin.props.has(k)).length
      if (count !== 1) problems.push(`${label}: needs exactly one of match and match_regex`)
    }
    if (plugin.kind === 'input') tags.push(one(plugin, 'tag')!.replaceAll('*', 'var.log.example.log'))
    if (plugin.name === 'log_to_metrics') {
      tags.push(one(plugin, 'tag')!)
      if (one(plugin, 'metric_mode') !== 'counter' && !plugin.props.has('value_field')) problems.push(`${label}: a ${one(plugin, 'metric_mode')} needs value_field`)
      if (one(plugin, 'metric_mode') === 'histogram' && !plugin.props.has('bucket')) problems.push(`${label}: a histogram needs buckets`)
    }
    if (plugin.name === 'parser' && !config.parsers.includes(one(plugin, 'parser')!)) problems.push(`${label}: parser ${one(plugin, 'parser')} is not defined`)
    const multiline = one(plugin, 'multiline.parser')
    if (multiline !== undefined && !BUILT_IN_MULTILINE.includes(multiline)) problems.push(`${label}: multiline parser ${multiline} is not defined`)
    if (plugin.name === 'lua') {
      const script = posix.join(posix.dirname(configPath), one(plugin, 'script')!)
      const code = files.get(script)
      if (code === undefined) problems.push(`${label}: script ${script} is not installed`)
      else if (!new RegExp(`^function ${one(plugin, 'call')}\\(`, 'm').test(code)) problems.push(`${label}: ${script} defines no function ${one(plugin, 'call')}`)
    }
    if (['loki', 'es', 'opensearch', 'forward'].includes(plugin.name)) {
      const retries = Number(one(plugin, 'retry_limit'))
      if (!(retries >= 1 && retries <= 20)) problems.push(`${label}: retry_limit must be a bounded number, is ${one(plugin, 'retry_limit')}`)
      if (!plugin.props.has('storage.total_limit_size')) problems.push(`${label}: unbounded filesystem buffer`)
      for (const key of ['http_passwd', 'shared_key']) {
        const value = one(plugin, key)
        if (value !== undefined && !/^\$\{[A-Z_]+\}$/.test(value)) problems.push(`${label}: ${key} must come from a file-backed variable, not the config`)
      }
    }
  }
  for (const plugin of config.plugins.filter((p) => p.kind !== 'input')) {
    const re = matcher(plugin)
    if (re && !tags.some((tag) => re.test(tag))) problems.push(`${plugin.kind} ${plugin.name} ${one(plugin, 'alias') ?? ''}: match ${re.source} matches no tag (${tags.join(', ')})`)
  }
  const outputs = config.plugins.filter((p) => p.kind === 'output')
  for (const tag of tags) if (!outputs.some((o) => matcher(o)?.test(tag))) problems.push(`records tagged ${tag} reach no output`)

  for (const key of ['http_server', 'http_port', 'storage.path', 'storage.max_chunks_up', 'storage.backlog.mem_limit']) {
    if (!config.service.has(key)) problems.push(`service: missing ${key}`)
  }
  if (config.service.get('http_server')?.[0] !== 'on') problems.push('service: http_server must be on (Prometheus scrapes it)')
  return problems
}

/**
 * Parses and checks every Fluent Bit config among generated files; problems by config path. A config
 * names its script and parsers relative to itself on the node, so they are looked up among the files
 * installed on its node, by destination (the Lua filter is one file shared by every node).
 */
export function checkGeneratedFiles(files: readonly OutputFile[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const file of files) {
    if (!/\/fluent-bit\.(yaml|conf)$/.test(file.path)) continue
    const node = file.install?.nodes[0]
    if (file.install === undefined || node === undefined || file.install.nodes.length !== 1) {
      out.set(file.path, ['a config must be installed on exactly one node'])
      continue
    }
    const onNode = new Map(files.filter((f) => f.install?.nodes.includes(node)).map((f) => [f.install!.destination, f.content]))
    const destination = file.install.destination
    if (destination.endsWith('.yaml')) {
      out.set(file.path, checkConfig(parseYamlConfig(file.content), destination, onNode, 'yaml'))
      continue
    }
    const text = file.content
    const parsersFile = /^\s*parsers_file\s+(\S+)$/m.exec(text)?.[1]
    const parsersPath = parsersFile && posix.join(posix.dirname(destination), parsersFile)
    const problems = parsersPath && !onNode.has(parsersPath) ? [`parsers_file ${parsersPath} is not installed on ${node}`] : []
    out.set(file.path, [...problems, ...checkConfig(parseClassicConfig(text, parsersPath ? onNode.get(parsersPath) : undefined), destination, onNode, 'classic')])
  }
  return out
}
