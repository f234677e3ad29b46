import {stringify} from 'yaml'

import {type FluentBitConfig, type Property, renderValue} from './model.js'

/**
 * The YAML format (Fluent Bit 3.2+): `env`, `service`, `parsers` and
 * `pipeline.inputs/filters/outputs`. A repeated key becomes a list, which Fluent Bit reads as the
 * same property given several times. Every value is a string, as Fluent Bit reads them anyway.
 */
export function renderYaml(config: FluentBitConfig, header: string[], cache: RenderCache = new Map()): string {
  const lines = header.map((line) => `# ${line}`)
  if (config.env.length > 0) lines.push(section('env', properties(config.env)))
  lines.push(section('service', properties(config.service)))
  if (config.parsers.length > 0) lines.push(`parsers:\n${config.parsers.map((p) => item(cache, [['name', p.name], ...p.properties], '  ')).join('')}`.trimEnd())
  lines.push('pipeline:')
  for (const [key, plugins] of [['inputs', config.inputs], ['filters', config.filters], ['outputs', config.outputs]] as const) {
    lines.push(plugins.length === 0 ? `  ${key}: []` : `  ${key}:\n${plugins.map((p) => item(cache, [['name', p.name], ...p.properties], '    ')).join('')}`.trimEnd())
  }
  return `${lines.join('\n')}\n`
}

/**
 * Rendered plugin entries by content: most of a node's inputs, filters and outputs are the same on
 * every node of a kind, and the YAML library is the costly part of a 1,000-node fleet. Pass one
 * cache for all nodes of a run.
 */
export type RenderCache = Map<string, string>

const OPTIONS = {defaultStringType: 'PLAIN', lineWidth: 0, singleQuote: true} as const

function section(key: string, value: Record<string, unknown>): string {
  return stringify({[key]: value}, OPTIONS).trimEnd()
}

/** One list entry, indented as it sits in the document (lineWidth 0: no folding, so indentation changes nothing else). */
function item(cache: RenderCache, list: Property[], indent: string): string {
  const value = properties(list)
  const key = `${indent.length}\u0000${JSON.stringify(value)}`
  let text = cache.get(key)
  if (text === undefined) {
    text = stringify([value], OPTIONS).replace(/^(?=.)/gm, indent)
    cache.set(key, text)
  }
  return text
}

function properties(list: Property[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of list) {
    const text = renderValue(value)
    const existing = out[key]
    if (existing === undefined) out[key] = text
    else out[key] = Array.isArray(existing) ? [...existing, text] : [existing, text]
  }
  return out
}
