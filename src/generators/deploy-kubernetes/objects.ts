import {secretName} from '../deploy-compose/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'

/** The Prometheus Operator's API groups and versions (prometheus-operator pkg/apis/monitoring/{v1,v1alpha1}). */
export const MONITORING_V1 = 'monitoring.coreos.com/v1'
export const MONITORING_V1ALPHA1 = 'monitoring.coreos.com/v1alpha1'
/** kube-prometheus-stack's Grafana sidecar loads ConfigMaps with this label (its default `grafana_dashboard: "1"`). */
export const DASHBOARD_LABEL = {grafana_dashboard: '1'} as const

export interface KubernetesObject {
  apiVersion: string
  kind: string
  metadata: {name: string; labels?: Record<string, string>; annotations?: Record<string, string>}
  spec?: unknown
  data?: Record<string, string>
}

/** A name Kubernetes accepts (RFC 1123: lowercase letters, digits, '-', at most 63 characters here). */
export function objectName(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63)
    .replace(/-$/, '')
}

/** The Secret that holds every file the configs read (certificates, passwords, webhook URLs), by key. */
export const secretsObjectName = (fleet: Fleet) => objectName('inferwatch', fleet.name, 'secrets')
export const secretRef = (fleet: Fleet, path: string) => ({name: secretsObjectName(fleet), key: secretName(path)})

/** An object without the keys whose value is undefined, so YAML has no `key: null` lines. */
export function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
