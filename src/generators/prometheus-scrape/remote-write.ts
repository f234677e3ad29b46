import {DEFAULTS} from '../../normalize/defaults.js'
import type {PrometheusSettings} from '../../normalize/fleet-model.js'
import {tlsConfig} from './tls-config.js'
import {withoutUndefined} from './without-undefined.js'

export type RemoteWriteTarget = PrometheusSettings['remoteWrite'][number]

/** The header each multi-tenant store reads the tenant from; VictoriaMetrics takes it in the URL path. */
const TENANT_HEADERS: Partial<Record<NonNullable<RemoteWriteTarget['kind']>, string>> = {
  mimir: 'X-Scope-OrgID',
  thanos: 'THANOS-TENANT',
}

export function tenantHeader(target: RemoteWriteTarget): string | undefined {
  return TENANT_HEADERS[target.kind ?? 'other']
}

/** One `remote_write` entry; credentials only as files. */
export function remoteWriteConfig(target: RemoteWriteTarget): Record<string, unknown> {
  const header = tenantHeader(target)
  return withoutUndefined({
    name: target.name,
    url: target.url,
    headers: header && target.tenant !== undefined ? {[header]: target.tenant} : undefined,
    basic_auth: target.basicAuth && {username: target.basicAuth.username, password_file: target.basicAuth.passwordFile},
    authorization: target.bearerTokenFile && {type: 'Bearer', credentials_file: target.bearerTokenFile},
    tls_config: target.tls && tlsConfig(target.tls),
    queue_config: queueConfig(),
  })
}

function queueConfig(): Record<string, unknown> {
  const queue = DEFAULTS.prometheus.remoteWriteQueue
  return {
    capacity: queue.capacity,
    max_shards: queue.maxShards,
    min_shards: queue.minShards,
    max_samples_per_send: queue.maxSamplesPerSend,
    batch_send_deadline: queue.batchSendDeadline,
    min_backoff: queue.minBackoff,
    max_backoff: queue.maxBackoff,
  }
}
