import type {SignalInfo} from '../catalog/index.js'
import {type Panel, stat, type StatSpec, text, timeSeries, type TimeSeriesSpec} from './panels.js'
import type {SignalQueries} from './queries.js'
import type {MissingGroup} from './signal-sources.js'
import {grafanaUnit} from './units.js'

/**
 * Panels for catalog signals. Where some servers or nodes cannot provide the signal the
 * description says who and why; where none can, a text panel explains instead of an empty graph.
 */

export function missingSentence(missing: readonly MissingGroup[]): string {
  return missing.map((m) => `Not available for ${m.who.join(', ')}: ${m.reason}.`).join(' ')
}

function describe(base: string, missing: readonly MissingGroup[]): string {
  return [base, missingSentence(missing)].filter((s) => s !== '').join(' ')
}

/** The explanation drawn where a signal would be, when nothing in the fleet provides it. */
export function unavailablePanel(title: string, missing: readonly MissingGroup[]): Panel {
  const lines = missing.map((m) => `- **${m.who.join(', ')}**: ${m.reason}.`)
  return text({
    description: `Why "${title}" has no data in this fleet.`,
    markdown: [`No server or node in this fleet provides **${title}**:`, '', ...lines].join('\n'),
    title: `${title} (not available)`,
  })
}

type SignalPanelOverrides = Partial<Omit<TimeSeriesSpec, 'queries'>>

export function signalTimeSeries(info: SignalInfo, result: SignalQueries<string>, overrides: SignalPanelOverrides = {}): Panel {
  const title = overrides.title ?? info.title
  if (result.queries.length === 0) return unavailablePanel(title, result.coverage.missing)
  return timeSeries({
    unit: grafanaUnit(info.unit),
    ...overrides,
    description: describe(overrides.description ?? info.description, result.coverage.missing),
    queries: result.queries,
    title,
  })
}

type StatOverrides = Partial<Omit<StatSpec, 'queries'>>

export function signalStat(info: SignalInfo, result: SignalQueries<string>, overrides: StatOverrides = {}): Panel {
  const title = overrides.title ?? info.title
  if (result.queries.length === 0) return unavailablePanel(title, result.coverage.missing)
  return stat({
    unit: grafanaUnit(info.unit),
    ...overrides,
    description: describe(overrides.description ?? info.description, result.coverage.missing),
    queries: result.queries,
    title,
  })
}
