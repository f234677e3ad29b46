import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import {
  costPerMonthPerNode,
  energyCostPerMillionTokens,
  fleetCostPerMonth,
  fleetKwhPerDay,
  fleetTokensPerSecond,
  kwhPerDayPerNode,
  type WattSources,
  wattSources,
  wattsPerNode,
} from '../src/grafana/energy-queries.js'
import type {Section} from '../src/grafana/layout.js'
import {recordedRules} from '../src/grafana/recorded.js'
import {type Panel, stat, text, timeSeries} from '../src/grafana/panels.js'
import {PANEL_NAMES} from '../src/grafana/signal-panels.js'
import {someNames} from '../src/some-names.js'
import {currencyUnit, UNITS} from '../src/grafana/units.js'
import type {Energy, Fleet} from '../src/normalize/fleet-model.js'
import type {DashboardDefinition} from './definition.js'

const money = (energy: Energy): string => currencyUnit(energy.currency)

function sourcesSentence(sources: WattSources): string {
  const measured = sources.measured.map(
    (m) => `measured on ${someNames(m.nodes, PANEL_NAMES)} (${m.covers}${m.baseWatts === 0 ? '' : `, plus ${m.baseWatts} W for the rest of the node while up: energy.baseWatts`})`,
  )
  const estimated = sources.estimated.map((e) => `estimated at ${e.watts} W for ${someNames(e.nodes, PANEL_NAMES)} while up`)
  return `Watts are ${[...measured, ...estimated].join('; ')}.`
}

function powerSection(sources: WattSources): Section {
  return {
    columns: 2,
    panels: [
      timeSeries({
        description: `Power draw per node. ${sourcesSentence(sources)}`,
        min: 0,
        queries: wattsPerNode(sources),
        stacked: true,
        title: 'Watts per node',
        unit: UNITS.watt,
      }),
      timeSeries({
        description: `Energy per node over the trailing 24 hours. ${sourcesSentence(sources)}`,
        min: 0,
        queries: kwhPerDayPerNode(sources),
        stacked: true,
        title: 'kWh per day per node',
        unit: UNITS.kilowattHours,
      }),
    ],
    title: 'Power and energy',
  }
}

function costSection(fleet: Fleet, sources: WattSources, energy: Energy | undefined): Section {
  if (!energy) {
    return {
      panels: [
        text({
          description: 'Why this dashboard shows no cost.',
          fullWidth: true,
          markdown: 'This fleet sets no `energy.pricePerKwh` and `energy.currency`, so only watts and kWh are shown. Add an `energy` section to fleet.yaml to see cost per month and per million tokens.',
          title: 'Cost (not configured)',
        }),
      ],
      title: 'Cost',
    }
  }
  const panels: Panel[] = [
    stat({
      description: `Fleet energy per day at the trailing 24-hour average draw. ${sourcesSentence(sources)}`,
      queries: [{expr: fleetKwhPerDay(sources), legend: 'fleet', instant: true}],
      title: 'Fleet kWh per day',
      unit: UNITS.kilowattHours,
    }),
    stat({
      description: `Energy cost of the fleet per month (730.5 h) at ${energy.pricePerKwh} ${energy.currency}/kWh and the trailing 24-hour average draw.`,
      queries: [{expr: fleetCostPerMonth(sources, energy.pricePerKwh), legend: 'fleet', instant: true}],
      title: 'Fleet cost per month',
      unit: money(energy),
    }),
    stat({
      description: `Energy cost per node per month at ${energy.pricePerKwh} ${energy.currency}/kWh.`,
      queries: costPerMonthPerNode(sources, energy.pricePerKwh),
      title: 'Cost per month per node',
      unit: money(energy),
    }),
  ]
  panels.push(tokenCostPanel(fleet, sources, energy))
  return {columns: 3, panels, title: 'Cost'}
}

function tokenCostPanel(fleet: Fleet, sources: WattSources, energy: Energy): Panel {
  const tokens = fleetTokensPerSecond(fleet.servers)
  if (tokens === null) {
    return text({
      description: 'Why there is no cost per million tokens.',
      fullWidth: true,
      markdown: 'No model server in this fleet reports generated tokens (Ollama, Triton and custom runtimes do not), so energy cost per token cannot be computed.',
      title: 'Energy cost per million tokens (not available)',
    })
  }
  const cloud = energy.cloudPricePerMillionTokens
  const ours = {expr: energyCostPerMillionTokens(sources, energy.pricePerKwh, tokens), legend: 'energy cost'}
  return timeSeries({
    description: `The fleet's energy cost per million generated tokens at ${energy.pricePerKwh} ${energy.currency}/kWh (all nodes' draw over all servers' tokens)${cloud === undefined ? '' : `, beside the cloud price of ${cloud} ${energy.currency} per million tokens from fleet.yaml`}. Empty while no tokens are generated.`,
    fullWidth: true,
    min: 0,
    queries: cloud === undefined ? [ours] : [ours, {expr: `vector(${cloud})`, legend: 'cloud price'}],
    title: 'Energy cost per million tokens',
    unit: money(energy),
  })
}

export const energyCostDashboard: DashboardDefinition = {
  build: (fleet) => {
    const sources = wattSources(fleet.nodes, recordedRules(fleet))
    return fleetDashboard(fleet, {
      description: `Energy and cost of fleet ${fleet.name}: watts per node (measured where exported, else estimated), kWh per day, cost per month and per million tokens.`,
      from: 'now-7d',
      kind: 'energy',
      sections: [powerSection(sources), costSection(fleet, sources, fleet.energy)],
      title: 'Energy and cost',
    })
  },
  kind: 'energy',
}
