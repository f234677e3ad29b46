import type {Fleet} from '../../normalize/fleet-model.js'

export const DASHBOARDS_DIR = 'grafana/dashboards'
export const DATASOURCES_PROVISIONING_PATH = 'grafana/provisioning/datasources/inferwatch.yml'
export const DASHBOARDS_PROVISIONING_PATH = 'grafana/provisioning/dashboards/inferwatch.yml'

export function dashboardPath(uid: string): string {
  return `${DASHBOARDS_DIR}/${uid}.json`
}

/**
 * Where Grafana expects the generated `grafana/dashboards/` folder: mount or copy it there. One
 * folder per fleet, so several fleets can share a Grafana.
 */
export function dashboardsMountPath(fleet: Fleet): string {
  return `/var/lib/grafana/dashboards/inferwatch/${fleet.name}`
}

/** Grafana reads provisioning files from here (its default `paths.provisioning`). */
export const PROVISIONING_MOUNT_PATH = '/etc/grafana/provisioning'
