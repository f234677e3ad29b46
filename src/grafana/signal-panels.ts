import type {SignalInfo} from '../catalog/index.js'
import {someNames} from '../some-names.js'
import {type Panel, type PanelText, stat, type StatSpec, text, timeSeries, type TimeSeriesSpec} from './panels.js'
import type {SignalQueries} from './queries.js'
import type {MissingGroup} from './signal-sources.js'
import {grafanaUnit} from './units.js'

/**
 * Panels for catalog signals. Where some servers or nodes cannot provide the signal the
 * description says who and why; where none can, a text panel explains instead of an empty graph.
 */

/** Names a panel's description or explanation lists before `and N more`. */
export const PANEL_NAMES = 10

export function missingSentence(missing: readonly MissingGroup[]): string {
  return missing.map((m) => `Not available for ${someNames(m.who, PANEL_NAMES)}: ${m.reason}.`).join(' ')
}

function describe(base: string, missing: readonly MissingGroup[]): string {
  return [base, missingSentence(missing)].filter((s) => s !== '').join(' ')
}

/** The explanation drawn where a signal would be, when nothing in the fleet provides it. */
export function unavailablePanel(title: string, missing: readonly MissingGroup[]): Panel {
  const lines = missing.map((m) => `- **${someNames(m.who, PANEL_NAMES)}**: ${m.reason}.`)
  return text({
    description: `Why "${title}" has no data in this fleet.`,
    markdown: [`No server or node in this fleet provides **${title}**:`, '', ...lines].join('\n'),
    title: `${title} (not available)`,
  })
}

/**
 * What every signal panel shares: the unit (overridable), and the title, description and queries the
 * signal decides; or, when nothing in the fleet provides it, the panel that explains why.
 */
function signalBase(info: SignalInfo, result: SignalQueries<string>, overrides: Partial<PanelText>) {
  const title = overrides.title ?? info.title
  if (result.queries.length === 0) return {kind: 'unavailable', panel: unavailablePanel(title, result.coverage.missing)} as const
  const description = describe(overrides.description ?? info.description, result.coverage.missing)
  return {fixed: {description, queries: result.queries, title}, kind: 'available', unit: grafanaUnit(info.unit)} as const
}

export function signalTimeSeries(info: SignalInfo, result: SignalQueries<string>, overrides: Partial<Omit<TimeSeriesSpec, 'queries'>> = {}): Panel {
  const base = signalBase(info, result, overrides)
  return base.kind === 'unavailable' ? base.panel : timeSeries({unit: base.unit, ...overrides, ...base.fixed})
}

export function signalStat(info: SignalInfo, result: SignalQueries<string>, overrides: Partial<Omit<StatSpec, 'queries'>> = {}): Panel {
  const base = signalBase(info, result, overrides)
  return base.kind === 'unavailable' ? base.panel : stat({unit: base.unit, ...overrides, ...base.fixed})
}
