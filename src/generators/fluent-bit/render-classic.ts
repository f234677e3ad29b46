import {type FluentBitConfig, type Plugin, type Property, renderValue} from './model.js'

/**
 * The classic format: `[SECTION]` blocks of `key value` lines. Deprecated upstream at the end of
 * 2026 but still what many installs run; parsers live in a separate file the service points to.
 */
export function renderClassic(config: FluentBitConfig, header: string[], parsersFile: string): string {
  const lines = header.map((line) => `# ${line}`)
  lines.push('')
  for (const [key, value] of config.env) lines.push(`@SET ${key}=${renderValue(value)}`)
  if (config.env.length > 0) lines.push('')
  lines.push(...section('SERVICE', [...config.service, ['parsers_file', parsersFile]]))
  for (const input of config.inputs) lines.push(...pluginSection('INPUT', input))
  for (const filter of config.filters) lines.push(...pluginSection('FILTER', filter))
  for (const output of config.outputs) lines.push(...pluginSection('OUTPUT', output))
  return lines.join('\n')
}

export function renderClassicParsers(config: FluentBitConfig, header: string[]): string {
  const lines = header.map((line) => `# ${line}`)
  lines.push('')
  for (const parser of config.parsers) lines.push(...section('PARSER', [['name', parser.name], ...parser.properties]))
  return lines.join('\n')
}

function pluginSection(kind: string, p: Plugin): string[] {
  return section(kind, [['name', p.name], ...p.properties])
}

function section(kind: string, properties: Property[]): string[] {
  const width = Math.max(...properties.map(([key]) => key.length))
  return [`[${kind}]`, ...properties.map(([key, value]) => `    ${key.padEnd(width)} ${renderValue(value)}`), '']
}
