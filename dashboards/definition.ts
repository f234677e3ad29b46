import type {Dashboard} from '@grafana/grafana-foundation-sdk/dashboard'

import type {DashboardKind} from '../src/grafana/fleet-dashboard.js'
import type {Fleet} from '../src/normalize/fleet-model.js'

/** One dashboard module: builds its dashboard for a fleet, or null when the fleet has nothing for it. */
export interface DashboardDefinition {
  kind: DashboardKind
  build(fleet: Fleet): Dashboard | null
}
