import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import type {Section} from '../src/grafana/layout.js'
import {stat, timeSeries} from '../src/grafana/panels.js'
import {driftGauge} from '../src/grafana/series.js'
import {UNITS} from '../src/grafana/units.js'
import type {DriftJob, Fleet} from '../src/normalize/fleet-model.js'
import type {DashboardDefinition} from './definition.js'

function driftJobSection(fleet: Fleet, job: DriftJob): Section {
  // Stale as the drift-stale alert sees it: this many scheduled runs without a successful one.
  const staleAfter = job.scheduleIntervalSeconds * fleet.thresholds.driftStaleWindows
  const what = job.model ? `${job.server} / ${job.model}` : job.server
  return {
    columns: 3,
    panels: [
      timeSeries({
        description: `KL divergence of ${what}'s ${job.signal} distribution over the last ${job.window} from the ${job.baseline} baseline; above the dashed line (${job.threshold}) the drift alert fires.`,
        min: 0,
        queries: [driftGauge('kl', job.name)],
        thresholds: [{color: 'red', value: job.threshold}],
        title: `KL divergence — ${job.name}`,
        unit: UNITS.none,
      }),
      timeSeries({
        description: `Samples in the recent and the baseline window of each run: a divergence from a handful of samples means little, and below ${job.minSamples} none is published.`,
        min: 0,
        queries: [driftGauge('samples', job.name)],
        title: `Samples — ${job.name}`,
        unit: 'short',
      }),
      stat({
        description: `Time since the last successful run (scheduled "${job.schedule}" by ${job.scheduler}); red once ${fleet.thresholds.driftStaleWindows} scheduled runs pass without one.`,
        queries: [driftGauge('age', job.name)],
        thresholds: [{color: 'red', value: staleAfter}],
        title: `Since last run — ${job.name}`,
        unit: UNITS.seconds,
      }),
    ],
    title: `Drift job ${job.name} (${what})`,
  }
}

export const driftDashboard: DashboardDefinition = {
  build: (fleet) =>
    fleet.drift.length === 0
      ? null
      : fleetDashboard(fleet, {
          description: `Output drift of fleet ${fleet.name}: each drift job's KL divergence against its threshold, its sample counts and its last run.`,
          from: 'now-7d',
          kind: 'drift',
          sections: fleet.drift.map((job) => driftJobSection(fleet, job)),
          title: 'Drift',
        }),
  kind: 'drift',
}
