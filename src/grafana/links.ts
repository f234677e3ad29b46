import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'

import type {Fleet} from '../normalize/fleet-model.js'

/** Every dashboard of a fleet carries this tag, so each links to the others through one dropdown. */
export function fleetTag(fleet: Fleet): string {
  return `inferwatch-${fleet.name}`
}

/** Where the runbook of an alert lives: `<runbooks.baseUrl>/<AlertName>.md`, as the rules' runbook_url. */
export function runbookUrl(fleet: Fleet, alertName: string): string {
  return `${fleet.runbooks.baseUrl}/${alertName}.md`
}

export function runbookIndexUrl(fleet: Fleet): string {
  return `${fleet.runbooks.baseUrl}/README.md`
}

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
