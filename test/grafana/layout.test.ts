import {describe, expect, it} from 'vitest'

import type {Fleet} from '../../src/normalize/fleet-model.js'
import {EXAMPLES, loadExample} from '../helpers/fleet.js'
import {allPanels, generateDashboards, type PanelJson} from './dashboard-json.js'

const examples = await Promise.all(EXAMPLES.map(async (name) => ({fleet: await loadExample(name), name})))

function overlaps(a: PanelJson['gridPos'], b: PanelJson['gridPos']): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

describe.each(examples)('layout of $name', ({fleet}: {fleet: Fleet}) => {
  const dashboards = generateDashboards(fleet)

  it('sets schemaVersion and a uid of at most 40 characters derived from the fleet name', () => {
    for (const {json, path} of dashboards) {
      expect(json.schemaVersion).toBeGreaterThanOrEqual(36)
      expect(json.uid.length).toBeLessThanOrEqual(40)
      expect(json.uid).toMatch(new RegExp(`^iw-${fleet.name}-[a-z]+$`))
      expect(path).toBe(`grafana/dashboards/${json.uid}.json`)
    }
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length)
  })

  it('gives every panel a unique id', () => {
    for (const {json} of dashboards) {
      const ids = allPanels(json).map((p) => p.id)
      expect(ids.every((id) => Number.isInteger(id) && id > 0), json.uid).toBe(true)
      expect(new Set(ids).size, json.uid).toBe(ids.length)
    }
  })

  it('places panels inside the 24-column grid without overlaps', () => {
    for (const {json} of dashboards) {
      const panels = json.panels
      for (const p of panels) {
        expect(p.gridPos.x + p.gridPos.w, `${json.uid} / ${p.title}`).toBeLessThanOrEqual(24)
        expect(p.gridPos.w * p.gridPos.h).toBeGreaterThan(0)
      }
      for (const [i, a] of panels.entries()) {
        for (const b of panels.slice(i + 1)) expect(overlaps(a.gridPos, b.gridPos), `${json.uid}: "${a.title}" overlaps "${b.title}"`).toBe(false)
      }
    }
  })

  it('gives every panel a title, a description and a unit', () => {
    for (const {json} of dashboards) {
      for (const panel of allPanels(json).filter((p) => p.type !== 'row')) {
        expect(panel.title, `${json.uid} panel ${panel.id}`).toBeTruthy()
        expect(panel.description, `${json.uid} / ${panel.title}`).toBeTruthy()
        expect(panel.fieldConfig?.defaults?.unit, `${json.uid} / ${panel.title}`).toBeTruthy()
      }
    }
  })

  it('keeps open rows empty: their panels follow them, as Grafana expects of expanded rows', () => {
    for (const {json} of dashboards) for (const row of json.panels.filter((p) => p.type === 'row' && !p.collapsed)) expect(row.panels).toEqual([])
  })
})
