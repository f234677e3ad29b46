import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'

import type {Fleet} from '../normalize/fleet-model.js'
import {runbookIndexUrl} from '../runbooks/locations.js'

/** Every dashboard of a fleet carries this tag, so each links to the others through one dropdown. */
export function fleetTag(fleet: Fleet): string {
  return `inferwatch-${fleet.name}`
}

export {runbookIndexUrl, runbookUrl} from '../runbooks/locations.js'

export function dashboardLinks(fleet: Fleet): dashboard.DashboardLinkBuilder[] {
  return [
    new dashboard.DashboardLinkBuilder('Fleet dashboards')
      .type(dashboard.DashboardLinkType.Dashboards)
      .tags([fleetTag(fleet)])
      .asDropdown(true)
      .keepTime(true)
      .includeVars(false),
    new dashboard.DashboardLinkBuilder('Runbooks')
      .type(dashboard.DashboardLinkType.Link)
      .url(runbookIndexUrl(fleet))
      .icon('doc')
      .tooltip('Runbooks for every alert and procedure of this fleet')
      .targetBlank(true),
  ]
}
