import {stringify} from 'yaml'

import {type FluentBitConfig, type Property, renderValue} from './model.js'

/**
 * The YAML format (Fluent Bit 3.2+): `env`, `service`, `parsers` and
 * `pipeline.inputs/filters/outputs`. A repeated key becomes a list, which Fluent Bit reads as the
 * same property given several times. Every value is a string, as Fluent Bit reads them anyway.
 */
export function renderYaml(config: FluentBitConfig, header: string[]): string {
  const document: Record<string, unknown> = {}
  if (config.env.length > 0) document.env = properties(config.env)
  document.service = properties(config.service)
  if (config.parsers.length > 0) document.parsers = config.parsers.map((p) => properties([['name', p.name], ...p.properties]))
  document.pipeline = {
    inputs: config.inputs.map((p) => properties([['name', p.name], ...p.properties])),
    filters: config.filters.map((p) => properties([['name', p.name], ...p.properties])),
    outputs: config.outputs.map((p) => properties([['name', p.name], ...p.properties])),
  }
  const body = stringify(document, {lineWidth: 0, defaultStringType: 'PLAIN', singleQuote: true})
  return `${header.map((line) => `# ${line}`).join('\n')}\n${body}`
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
