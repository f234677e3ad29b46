import {readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {FLUENT_BIT_COMMON_PROPERTIES, FLUENT_BIT_EMITTING_FILTERS, FLUENT_BIT_PLUGINS, type FluentBitPluginType} from '../../catalog/index.js'
import {didYouMean} from '../../diagnostics/suggest.js'
import type {UnitContext} from '../unit.js'
import {fluentBitFromYaml, parseFluentBitClassic, type FluentBitConfig, type FluentBitSection} from './fluent-bit-model.js'
import type {LintUnit} from '../unit.js'

const SECTIONS = ['service', 'input', 'filter', 'output', 'parser', 'multiline_parser', 'custom', 'plugins', 'upstream', 'node', 'stream_task']
/** Multiline parsers Fluent Bit has built in (fluent/fluent-bit src/multiline/flb_ml_parser_*.c). */
const BUILT_IN_MULTILINE = new Set(['docker', 'cri', 'go', 'python', 'java', 'ruby'])
/** Outputs that never fail in a way buffering or retries could help. */
const LOCAL_OUTPUTS = new Set(['stdout', 'null', 'counter', 'exit', 'flowcounter', 'file', 'prometheus_exporter'])

export function checkFluentBit(ctx: UnitContext): void {
  const unit = ctx.unit as LintUnit & {fluentBit?: FluentBitConfig}
  const at = (index: number) => unit.at(index)
  let config = unit.fluentBit
  if (!config) {
    const fromYaml = fluentBitFromYaml(unit.root)
    config = fromYaml.config
    for (const s of fromYaml.unknownSections) ctx.reportAt('fluentbit/unknown-section', at(s.index), `unknown Fluent Bit section ${s.name}${didYouMean(s.name, ['service', 'pipeline', 'parsers', 'multiline_parsers', 'customs', 'plugins', 'upstream_servers', 'includes', 'env'])}`)
  }
  for (const section of config.sections) {
    if (!SECTIONS.includes(section.type)) ctx.reportAt('fluentbit/unknown-section', at(section.index), `unknown Fluent Bit section [${section.type.toUpperCase()}]${didYouMean(section.type, SECTIONS)}`)
  }
  const plugins = config.sections.filter((s): s is FluentBitSection & {type: FluentBitPluginType} => s.type === 'input' || s.type === 'filter' || s.type === 'output')
  for (const section of plugins) checkPlugin(ctx, section, at)
  checkParsers(ctx, config, at)
  checkRouting(ctx, config, at)
}

const prop = (section: FluentBitSection, key: string) => section.properties.find((p) => p.key === key)

function checkPlugin(ctx: UnitContext, section: FluentBitSection & {type: FluentBitPluginType}, at: (i: number) => number): void {
  const nameProp = prop(section, 'name')
  if (!nameProp) {
    ctx.reportAt('fluentbit/unknown-plugin', at(section.index), `${section.type} without a name`)
    return
  }
  const known = FLUENT_BIT_PLUGINS[section.type]
  const name = nameProp.value.toLowerCase()
  const own = known[name]
  if (!own) {
    ctx.reportAt('fluentbit/unknown-plugin', at(nameProp.valueIndex), `Fluent Bit has no ${section.type} plugin "${nameProp.value}"${didYouMean(name, Object.keys(known))}`)
    return
  }
  const allowed = new Set([...FLUENT_BIT_COMMON_PROPERTIES[section.type], ...own])
  const prefixes = own.filter((p) => p.endsWith('_'))
  for (const property of section.properties) {
    if (allowed.has(property.key) || prefixes.some((p) => property.key.startsWith(p))) continue
    ctx.reportAt('fluentbit/unknown-property', at(property.keyIndex), `the ${name} ${section.type} has no property ${property.key}${didYouMean(property.key, [...allowed])}`)
  }
  if (section.type === 'output' && !LOCAL_OUTPUTS.has(name) && !prop(section, 'retry_limit')) {
    ctx.reportAt('fluentbit/output-without-retry-limit', at(nameProp.keyIndex), `the ${name} output has no retry_limit: a failed chunk is retried once and then dropped`)
  }
}

function definedParsers(config: FluentBitConfig, baseDir: string): Set<string> | undefined {
  const names = new Set(config.sections.filter((s) => s.type === 'parser' || s.type === 'multiline_parser').map((s) => prop(s, 'name')?.value ?? ''))
  for (const include of config.includes) {
    let text: string
    try {
      text = readFileSync(resolve(baseDir, include), 'utf8')
    } catch {
      // A parsers file lint cannot read may define anything: do not guess.
      return undefined
    }
    const included = include.endsWith('.yaml') || include.endsWith('.yml') ? undefined : parseFluentBitClassic(text)
    if (!included) return undefined
    for (const s of included.sections) if (s.type === 'parser' || s.type === 'multiline_parser') names.add(prop(s, 'name')?.value ?? '')
  }
  return names
}

function checkParsers(ctx: UnitContext, config: FluentBitConfig, at: (i: number) => number): void {
  const defined = definedParsers(config, dirname(ctx.unit.file.path))
  if (!defined) return
  for (const section of config.sections) {
    if (section.type !== 'input' && section.type !== 'filter') continue
    for (const p of section.properties) {
      const multiline = p.key === 'multiline.parser'
      if (!multiline && !['parser', 'docker_mode_parser', 'parser_firstline'].includes(p.key) && !/^parser_\d+$/.test(p.key)) continue
      for (const name of multiline ? p.value.split(',').map((v) => v.trim()) : [p.value]) {
        if (name === '' || defined.has(name) || (multiline && BUILT_IN_MULTILINE.has(name))) continue
        ctx.reportAt('fluentbit/undefined-parser', at(p.valueIndex), `parser "${name}" is not defined here or in a parsers file this config loads`)
      }
    }
  }
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)
}

function checkRouting(ctx: UnitContext, config: FluentBitConfig, at: (i: number) => number): void {
  const inputs = config.sections.filter((s) => s.type === 'input')
  // rewrite_tag re-emits records under new tags: routing can no longer be followed statically.
  if (inputs.length === 0 || config.sections.some((s) => s.type === 'filter' && prop(s, 'name')?.value.toLowerCase() === 'rewrite_tag')) return
  const counters = new Map<string, number>()
  const tagged = inputs.map((input) => {
    const name = (prop(input, 'name')?.value ?? '').toLowerCase()
    const n = counters.get(name) ?? 0
    counters.set(name, n + 1)
    return {input, tag: prop(input, 'tag')?.value ?? `${name}.${n}`}
  })
  // A filter that emits (log_to_metrics) is a source of records under its own tag; it buffers nothing of its own.
  for (const filter of config.sections) {
    const tag = prop(filter, 'tag')?.value
    if (filter.type === 'filter' && tag && FLUENT_BIT_EMITTING_FILTERS.has((prop(filter, 'name')?.value ?? '').toLowerCase())) tagged.push({input: filter, tag})
  }
  for (const section of config.sections) {
    if (section.type !== 'filter' && section.type !== 'output') continue
    const match = prop(section, 'match')
    const matchRegex = prop(section, 'match_regex')
    let matcher: RegExp | undefined
    try {
      matcher = match ? wildcard(match.value) : matchRegex ? new RegExp(matchRegex.value) : undefined
    } catch {
      continue
    }
    if (!matcher) continue
    const reached = tagged.filter((t) => matcher.test(t.tag))
    const where = match ?? matchRegex!
    if (reached.length === 0) {
      ctx.reportAt('fluentbit/match-without-input', at(where.valueIndex), `${where.key} ${where.value} matches no input tag (${tagged.map((t) => t.tag).join(', ')})`)
      continue
    }
    const name = (prop(section, 'name')?.value ?? '').toLowerCase()
    if (section.type === 'output' && !LOCAL_OUTPUTS.has(name)) {
      const buffered = reached.some(({input}) => prop(input, 'mem_buf_limit') || prop(input, 'storage.type')?.value.toLowerCase() === 'filesystem')
      if (!buffered) ctx.reportAt('fluentbit/output-without-buffering', at(prop(section, 'name')!.keyIndex), `none of the inputs the ${name} output reads sets mem_buf_limit or storage.type filesystem: while ${name} is down, records pile up in memory`)
    }
  }
}
