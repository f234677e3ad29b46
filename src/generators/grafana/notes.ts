import type {Fleet} from '../../normalize/fleet-model.js'
import {DASHBOARDS_DIR, dashboardsMountPath, PROVISIONING_MOUNT_PATH} from './output-paths.js'

/** What the generated README tells the reader about the Grafana output. */
export function grafanaNotes(fleet: Fleet): string[] {
  const notes = [
    `Mount \`${DASHBOARDS_DIR}/\` at \`${dashboardsMountPath(fleet)}\` and \`grafana/provisioning/\` at \`${PROVISIONING_MOUNT_PATH}\` (or copy them there), then restart Grafana.`,
    'The provisioned data sources assume Grafana runs on the monitoring host (Prometheus on localhost); every dashboard has a `$datasource` picker for other setups.',
  ]
  if (!/^https?:\/\//.test(fleet.runbooks.baseUrl)) {
    notes.push(`runbooks.baseUrl is not set, so dashboard runbook links point at the relative path \`${fleet.runbooks.baseUrl}/\`; set it to where the runbooks are published.`)
  }
  if (fleet.prometheus.mode === 'agent') {
    notes.push('Prometheus runs in agent mode and answers no queries: point the dashboards’ `$datasource` at the central store it writes to.')
  }
  if (fleet.logging && fleet.logging.sink.type !== 'loki') {
    notes.push(`Logs go to ${fleet.logging.sink.type}, not Loki, so no logs dashboard is generated.`)
  }
  return notes
}
