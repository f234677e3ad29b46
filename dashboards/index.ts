import type {DashboardDefinition} from './definition.js'
import {driftDashboard} from './drift.js'
import {energyCostDashboard} from './energy-cost.js'
import {logsDashboard} from './logs.js'
import {modelServingDashboard} from './model-serving.js'
import {nodeDashboard} from './node.js'
import {overviewDashboard} from './overview.js'

export type {DashboardDefinition} from './definition.js'

/** Every dashboard inferwatch can generate, in the order they are listed. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  overviewDashboard,
  nodeDashboard,
  modelServingDashboard,
  driftDashboard,
  energyCostDashboard,
  logsDashboard,
]
