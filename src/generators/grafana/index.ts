import {DASHBOARDS} from '../../../dashboards/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import type {Generator, OutputFile} from '../types.js'
import {renderDashboardsProvisioning} from './dashboards-provisioning.js'
import {renderDatasourcesProvisioning} from './datasources-provisioning.js'
import {grafanaNotes} from './notes.js'
import {dashboardPath} from './output-paths.js'

/** Every dashboard the fleet has something for, as the SDK builds it: 2-space JSON, keys in the SDK's order. */
export function renderDashboards(fleet: Fleet): OutputFile[] {
  return DASHBOARDS.flatMap((definition) => {
    const dashboard = definition.build(fleet)
    if (!dashboard) return []
    return [{content: `${JSON.stringify(dashboard, null, 2)}\n`, path: dashboardPath(dashboard.uid ?? definition.kind)}]
  })
}

export const grafanaGenerator: Generator = {
  generate(fleet) {
    return {
      files: [...renderDashboards(fleet), renderDatasourcesProvisioning(fleet), renderDashboardsProvisioning(fleet)],
      notes: grafanaNotes(fleet),
    }
  },
  id: 'grafana',
  title: 'Grafana dashboards and provisioning',
}
