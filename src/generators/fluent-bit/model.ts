/**
 * A Fluent Bit configuration as data, rendered to either format (YAML for Fluent Bit 3.2+, classic
 * `.conf`). Properties keep their order; a key may repeat (modify's `add`, log_to_metrics' `bucket`).
 */
export type Value = string | number | boolean
export type Property = readonly [key: string, value: Value]

export interface Plugin {
  name: string
  properties: Property[]
}

export interface Parser {
  name: string
  properties: Property[]
}

export interface FluentBitConfig {
  /** Environment variables, e.g. a secret read from a file (`file:///…`, Fluent Bit 4.0+). */
  env: Property[]
  service: Property[]
  parsers: Parser[]
  inputs: Plugin[]
  filters: Plugin[]
  outputs: Plugin[]
}

export const plugin = (name: string, properties: (Property | false | undefined)[]): Plugin => ({
  name,
  properties: properties.filter((p): p is Property => Array.isArray(p)),
})

/** Fluent Bit booleans read best as on/off in both formats. */
export function renderValue(value: Value): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off'
  return String(value)
}
