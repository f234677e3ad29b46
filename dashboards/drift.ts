import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import type {Section} from '../src/grafana/layout.js'
import {stat, timeSeries} from '../src/grafana/panels.js'
import {driftGauge, driftHighest} from '../src/grafana/series.js'
import {UNITS} from '../src/grafana/units.js'
import type {DriftJob, Fleet} from '../src/normalize/fleet-model.js'
import type {DashboardDefinition} from './definition.js'

/**
 * Up to this many drift jobs, each gets an open row. A bigger fleet gets one row for all of them
 * first and a closed row per job: Grafana draws and queries a closed row's panels only once it is
 * opened, so a dashboard of hundreds of jobs still loads.
 */
export const OPEN_DRIFT_JOBS = 10
const HIGHEST = 10

function driftJobSection(fleet: Fleet, job: DriftJob, collapsed: boolean): Section {
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
    ...(collapsed ? {collapsed} : {}),
  }
}

function allJobsSection(fleet: Fleet): Section {
  return {
    columns: 2,
    panels: [
      timeSeries({
        description: `The ${HIGHEST} of the fleet's ${fleet.drift.length} drift jobs with the highest KL divergence at each point in time; each job's row below shows it against its own threshold.`,
        min: 0,
        queries: [driftHighest('kl', HIGHEST)],
        title: `KL divergence — highest ${HIGHEST} jobs`,
        unit: UNITS.none,
      }),
      timeSeries({
        description: `The ${HIGHEST} drift jobs longest without a successful run; each job's row below marks when it counts as stale.`,
        min: 0,
        queries: [driftHighest('age', HIGHEST)],
        title: `Since last run — longest ${HIGHEST} jobs`,
        unit: UNITS.seconds,
      }),
    ],
    title: `All ${fleet.drift.length} drift jobs`,
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
          sections:
            fleet.drift.length <= OPEN_DRIFT_JOBS
              ? fleet.drift.map((job) => driftJobSection(fleet, job, false))
              : [allJobsSection(fleet), ...fleet.drift.map((job) => driftJobSection(fleet, job, true))],
          title: 'Drift',
        }),
  kind: 'drift',
}
