import type {DataSourceRef} from '@grafana/grafana-foundation-sdk/common'

import type {Fleet} from '../normalize/fleet-model.js'
import {grafanaUid} from './uids.js'

/**
 * The data sources the provisioning file creates. Their uids are derived from the fleet name, so
 * several fleets can share one Grafana; dashboards never name them, they use `${datasource}`.
 */
export type DatasourceKind = 'prometheus' | 'alertmanager' | 'loki'

export interface DatasourceIdentity {
  uid: string
  name: string
  type: DatasourceKind
}

const TITLES: Record<DatasourceKind, string> = {alertmanager: 'Alertmanager', loki: 'Loki', prometheus: 'Prometheus'}

export function datasourceIdentity(fleet: Fleet, kind: DatasourceKind): DatasourceIdentity {
  return {name: `inferwatch ${fleet.name} ${TITLES[kind]}`, type: kind, uid: grafanaUid(fleet.name, kind)}
}

/** The dashboard variable every panel's queries go through. */
export const DATASOURCE_VARIABLE = 'datasource'

export function datasourceRef(type: 'prometheus' | 'loki'): DataSourceRef {
  return {type, uid: `\${${DATASOURCE_VARIABLE}}`}
}
