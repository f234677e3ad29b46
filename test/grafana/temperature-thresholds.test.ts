import {describe, expect, it} from 'vitest'

// @ts-expect-error -- plain JavaScript shared with `npm run bench`, which runs without a build of the tests
import {syntheticFleet} from '../../scripts/bench-fleets.mjs'
import {fleetFromYaml} from '../helpers/fleet.js'
import {type DashboardJson, generateDashboards, type PanelJson} from './dashboard-json.js'

interface Override {
  matcher: {id: string; options: string}
  properties: {id: string; value: {steps: {color: string; value: number | null}[]}}[]
}
type ThresholdPanel = PanelJson & {fieldConfig: {defaults: {thresholds?: {steps: {value: number | null}[]}}; overrides: Override[]}}

async function temperaturePanels(nodes: number): Promise<{json: DashboardJson; panel: ThresholdPanel}[]> {
  const dashboards = generateDashboards(await fleetFromYaml(syntheticFleet(nodes) as string))
  return dashboards.flatMap(({json}) => json.panels.filter((p) => p.title === 'Temperature').map((panel) => ({json, panel: panel as ThresholdPanel})))
}

describe('temperature panels of a fleet of several hardware kinds', () => {
  it('draw each kind’s thresholds through one query per kind, never by naming its nodes', async () => {
    const panels = await temperaturePanels(1000)
    expect(panels.map(({json}) => json.uid.replace(/^iw-[a-z0-9-]+?-/, ''))).toEqual(['overview', 'node'])
    for (const {panel} of panels) {
      const exprs = panel.targets!.map((t) => t.expr)
      // Four kinds with thresholds of their own: one query per kind, selected by hardware, not by node.
      expect(exprs.map((e) => /hardware="([^"]+)"/.exec(e)?.[1]).sort()).toEqual(['apple-silicon', 'generic-linux', 'nvidia-gpu', 'raspberry-pi-5'])
      expect(exprs.every((e) => !/node-\d{5}/.test(e))).toBe(true)
      const overrides = panel.fieldConfig.overrides.filter((o) => o.properties.some((p) => p.id === 'thresholds'))
      expect(overrides.map((o) => o.matcher.id)).toEqual(overrides.map(() => 'byFrameRefID'))
      expect(overrides.length).toBe(exprs.length - 1)
      // Each query's thresholds differ from the panel's own and from the other queries'.
      const steps = [panel.fieldConfig.defaults.thresholds!.steps, ...overrides.map((o) => o.properties[0]!.value.steps)].map((s) => JSON.stringify(s))
      expect(new Set(steps).size).toBe(steps.length)
    }
  })

  it('stay the same size from 100 to 1,000 nodes', async () => {
    const size = (panels: {panel: PanelJson}[]) => panels.map(({panel}) => JSON.stringify(panel).length)
    const [small, big] = [await temperaturePanels(100), await temperaturePanels(1000)]
    expect(size(big)).toEqual(size(small))
  })
})
