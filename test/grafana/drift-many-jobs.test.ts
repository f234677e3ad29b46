import {describe, expect, it} from 'vitest'

import {OPEN_DRIFT_JOBS} from '../../dashboards/drift.js'
import {analyzePromql} from '../../src/promql/parse.js'
// @ts-expect-error -- plain JavaScript shared with `npm run bench`, which runs without a build of the tests
import {syntheticFleet} from '../../scripts/bench-fleets.mjs'
import {fleetFromYaml} from '../helpers/fleet.js'
import {allPanels, generateDashboards, type PanelJson} from './dashboard-json.js'

const overlaps = (a: PanelJson['gridPos'], b: PanelJson['gridPos']) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('the drift dashboard of a fleet with many drift jobs', async () => {
  // A drift job per 40 nodes: 25 jobs.
  const fleet = await fleetFromYaml(syntheticFleet(1000) as string)
  const drift = generateDashboards(fleet).find((d) => d.json.uid.endsWith('-drift'))!.json

  it('opens with one row for all jobs, then a closed row per job that holds its panels', () => {
    expect(fleet.drift.length).toBeGreaterThan(OPEN_DRIFT_JOBS)
    const rows = drift.panels.filter((p) => p.type === 'row')
    expect(rows.map((r) => r.title)).toEqual([`All ${fleet.drift.length} drift jobs`, ...fleet.drift.map((job) => expect.stringContaining(`Drift job ${job.name} `))])
    // Drawn on load: the summary row and its two panels, and one line per closed row.
    expect(drift.panels).toHaveLength(1 + 2 + fleet.drift.length)
    expect(rows[0]!.panels).toEqual([])
    for (const row of rows.slice(1)) {
      expect(row.collapsed).toBe(true)
      expect(row.panels!.map((p) => p.title?.replace(/ — .*$/, ''))).toEqual(['KL divergence', 'Samples', 'Since last run'])
      for (const panel of row.panels!) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24)
      for (const [i, a] of row.panels!.entries()) for (const b of row.panels!.slice(i + 1)) expect(overlaps(a.gridPos, b.gridPos)).toBe(false)
    }
    const ids = allPanels(drift).map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('shows the fleet-wide highest divergence and oldest run with topk over every job', () => {
    const summary = drift.panels.filter((p) => p.type !== 'row' && !drift.panels.find((r) => r.collapsed && r.panels?.includes(p)))
    const exprs = summary.flatMap((p) => (p.targets ?? []).map((t) => t.expr))
    expect(exprs).toEqual(['topk(10, max by (job) (inferwatch_drift_kl_divergence))', 'topk(10, time() - max by (job) (inferwatch_drift_last_success_timestamp_seconds))'])
    for (const expr of exprs) expect(analyzePromql(expr!).errors).toEqual([])
  })
})
