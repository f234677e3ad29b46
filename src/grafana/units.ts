import * as sdkUnits from '@grafana/grafana-foundation-sdk/units'

import type {Unit} from '../catalog/index.js'

/**
 * Catalog units as Grafana unit ids. Most already are; tokens per second has no Grafana unit,
 * so it becomes a custom suffix unit.
 */
const GRAFANA_UNIT: Record<Unit, string> = {
  bool: 'bool_yes_no',
  bytes: 'bytes',
  celsius: 'celsius',
  percentunit: 'percentunit',
  reqps: 'reqps',
  s: 's',
  short: 'short',
  'tokens/s': 'suffix: tok/s',
  watt: 'watt',
}

export function grafanaUnit(unit: Unit): string {
  return GRAFANA_UNIT[unit]
}

/** Units the dashboards use beyond the catalog's signal units. */
export const UNITS = {
  bytesPerSecond: 'Bps',
  kilowattHours: 'kwatth',
  mebibytes: 'mbytes',
  none: 'none',
  percent: 'percent',
  seconds: 's',
  /** Log lines per interval. */
  lines: 'short',
  /** An up/down flag. */
  upDown: 'none',
  watt: 'watt',
} as const

/**
 * Grafana has currency units for the common codes (`currencyEUR`); the SDK's unit list says which.
 * Any other code is shown as a suffix so the number is never mislabelled.
 */
const GRAFANA_CURRENCIES: ReadonlySet<string> = new Set(
  Object.values(sdkUnits as Record<string, unknown>).filter((u): u is string => typeof u === 'string' && /^currency[A-Z]{3}$/.test(u)),
)

export function currencyUnit(code: string): string {
  const unit = `currency${code}`
  return GRAFANA_CURRENCIES.has(unit) ? unit : `suffix: ${code}`
}
