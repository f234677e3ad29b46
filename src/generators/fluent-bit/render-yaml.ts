import {stringify} from 'yaml'

import {type FluentBitConfig, type Property, renderValue} from './model.js'

/**
 * The YAML format (Fluent Bit 3.2+): `env`, `service`, `parsers` and
 * `pipeline.inputs/filters/outputs`. A repeated key becomes a list, which Fluent Bit reads as the
 * same property given several times. Every value is a string, as Fluent Bit reads them anyway.
 */
export function renderYaml(config: FluentBitConfig, header: string[], cache: RenderCache = new Map()): string {
  const lines = header.map((line) => `# ${line}`)
  if (config.env.length > 0) lines.push(section('env', properties(config.env), cache))
  lines.push(section('service', properties(config.service), cache))
  if (config.parsers.length > 0) lines.push(`parsers:\n${config.parsers.map((p) => item(cache, [['name', p.name], ...p.properties], '  ')).join('')}`.trimEnd())
  lines.push('pipeline:')
  for (const [key, plugins] of [['inputs', config.inputs], ['filters', config.filters], ['outputs', config.outputs]] as const) {
    lines.push(plugins.length === 0 ? `  ${key}: []` : `  ${key}:\n${plugins.map((p) => item(cache, [['name', p.name], ...p.properties], '    ')).join('')}`.trimEnd())
  }
  return `${lines.join('\n')}\n`
}

/**
 * Scalars as the YAML library renders them, by text: most of them are the same on every node of a
 * kind. Pass one cache for all nodes of a run.
 */
export type RenderCache = Map<string, string>

const OPTIONS = {defaultStringType: 'PLAIN', lineWidth: 0, singleQuote: true} as const

function section(key: string, value: Record<string, string | string[]>, cache: RenderCache): string {
  const lines = blockMap(cache, value, '  ', '  ')
  return lines ? `${key}:\n${lines.join('\n')}` : stringify({[key]: value}, OPTIONS).trimEnd()
}

/**
 * One list entry, indented as it sits in the document. Entries are flat maps of strings (or lists of
 * strings), so they are laid out here and only each scalar goes through the YAML library, once per
 * distinct text: most entries differ from node to node only in a name or two, and rendering whole
 * entries was the costly part of a 1,000-node fleet. A scalar the library would spread over several
 * lines sends its entry through the library whole.
 */
function item(cache: RenderCache, list: Property[], indent: string): string {
  const value = properties(list)
  const lines = blockMap(cache, value, `${indent}- `, `${indent}  `)
  return lines ? `${lines.join('\n')}\n` : wholeItem(value, indent)
}

/**
 * A flat map of strings (or lists of strings) as block-map lines, the first key after `first` and
 * the others after `rest`; undefined when a scalar would take more than one line.
 */
function blockMap(cache: RenderCache, value: Record<string, string | string[]>, first: string, rest: string): string[] | undefined {
  const entries = Object.entries(value)
  if (entries.length === 0) return undefined
  const lines: string[] = []
  for (const [index, [key, text]] of entries.entries()) {
    const renderedKey = scalarOf(cache, 'key', key)
    if (renderedKey === undefined) return undefined
    const at = index === 0 ? first : rest
    if (typeof text === 'string') {
      const rendered = scalarOf(cache, 'value', text)
      if (rendered === undefined) return undefined
      lines.push(`${at}${renderedKey}: ${rendered}`)
    } else {
      lines.push(`${at}${renderedKey}:`)
      for (const element of text) {
        const rendered = scalarOf(cache, 'value', element)
        if (rendered === undefined) return undefined
        lines.push(`${rest}  - ${rendered}`)
      }
    }
  }
  return lines
}

function wholeItem(value: Record<string, string | string[]>, indent: string): string {
  return stringify([value], OPTIONS).replace(/^(?=.)/gm, indent)
}

/**
 * Texts the library always writes plain (names, tags, paths, `Record node pi-01`, most regexes: the
 * bulk of a config, and the part that differs from node to node), checked without calling it: a
 * letter, `/`, `^` or `_` first; then printable ASCII except `:`, `#` and tabs; no trailing space;
 * and not one of YAML 1.2's booleans or nulls. Or a digit first, then letters, digits, `_`, `.`, `/`
 * and `-` (addresses, sizes such as `8MB`), and not a YAML 1.2 core number. Anything else (a sign
 * or another indicator first) goes to the library.
 */
const PLAIN = /^[A-Za-z/^_][A-Za-z0-9_./*()$^\\|+=<>;,@%~!?&'"`[\]{} -]*(?<! )$/
const RESERVED = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL'])

const DIGIT_FIRST = /^[0-9][A-Za-z0-9_./-]*$/
const CORE_NUMBER = /^(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/

export const isPlainScalar = (text: string): boolean =>
  PLAIN.test(text) ? !RESERVED.has(text) : DIGIT_FIRST.test(text) && !CORE_NUMBER.test(text)

/** A key or a value as the library writes it in a block map, or undefined when that takes more than one line. */
function scalarOf(cache: RenderCache, role: 'key' | 'value', text: string): string | undefined {
  if (isPlainScalar(text)) return text
  const cacheKey = `${role}\u0000${text}`
  let rendered = cache.get(cacheKey)
  if (rendered === undefined) {
    const line = stringify(role === 'key' ? {[text]: 'x'} : {x: text}, OPTIONS).replace(/\n$/, '')
    rendered = line.includes('\n') ? '\n' : role === 'key' ? line.slice(0, -': x'.length) : line.slice('x: '.length)
    cache.set(cacheKey, rendered)
  }
  return rendered === '\n' ? undefined : rendered
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
