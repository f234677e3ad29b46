import {parse} from 'yaml'

import {SERVICE_JOBS} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {PROMETHEUS_CONFIG} from '../prometheus-scrape/output-paths.js'
import type {OutputFile} from '../types.js'
import {MONITORING_V1ALPHA1, objectName, secretRef, withoutUndefined, type KubernetesObject} from './objects.js'

interface Job {
  job_name: string
  scheme?: string
  metrics_path?: string
  honor_labels?: boolean
  params?: Record<string, string[]>
  tls_config?: {ca_file?: string; cert_file?: string; key_file?: string; server_name?: string; insecure_skip_verify?: boolean}
  static_configs?: {targets: string[]; labels?: Record<string, string>}[]
  file_sd_configs?: {files: string[]}[]
  relabel_configs?: {source_labels?: string[]; separator?: string; target_label?: string; regex?: string; modulus?: number; replacement?: string; action?: string}[]
}

/**
 * One ScrapeConfig (monitoring.coreos.com/v1alpha1) per generated scrape job, targets inlined as
 * staticConfigs (file_sd files would have to be mounted into the operator's Prometheus). The
 * `prometheus` job is left out: the operator's Prometheus is scraped by its own ServiceMonitor.
 */
export function scrapeConfigs(fleet: Fleet, files: readonly OutputFile[]): KubernetesObject[] {
  const config = files.find((f) => f.path === PROMETHEUS_CONFIG)
  if (!config) return []
  const jobs = ((parse(config.content) as {scrape_configs?: Job[]}).scrape_configs ?? []).filter((j) => j.job_name !== SERVICE_JOBS.prometheus)
  return jobs.map((job) => ({
    apiVersion: MONITORING_V1ALPHA1,
    kind: 'ScrapeConfig',
    metadata: {name: objectName('inferwatch', fleet.name, job.job_name)},
    spec: withoutUndefined({
      jobName: job.job_name,
      scheme: job.scheme?.toUpperCase(),
      metricsPath: job.metrics_path,
      honorLabels: job.honor_labels,
      params: job.params,
      tlsConfig: job.tls_config && tlsConfig(fleet, job.tls_config),
      staticConfigs: staticConfigs(job, files),
      relabelings: job.relabel_configs?.map((r) =>
        withoutUndefined({
          sourceLabels: r.source_labels,
          separator: r.separator,
          targetLabel: r.target_label,
          regex: r.regex,
          modulus: r.modulus,
          replacement: r.replacement,
          action: r.action,
        }),
      ),
    }),
  }))
}

function staticConfigs(job: Job, files: readonly OutputFile[]) {
  const fromFiles = (job.file_sd_configs ?? []).flatMap((sd) =>
    sd.files.flatMap((path) => JSON.parse(files.find((f) => f.path === `prometheus/${path}`)?.content ?? '[]') as {targets: string[]; labels?: Record<string, string>}[]),
  )
  return [...(job.static_configs ?? []), ...fromFiles].map((group) => withoutUndefined({labels: group.labels, targets: group.targets}))
}

/** SafeTLSConfig: certificates and key from the fleet's Secret instead of files. */
function tlsConfig(fleet: Fleet, tls: NonNullable<Job['tls_config']>) {
  return withoutUndefined({
    ca: tls.ca_file ? {secret: secretRef(fleet, tls.ca_file)} : undefined,
    cert: tls.cert_file ? {secret: secretRef(fleet, tls.cert_file)} : undefined,
    keySecret: tls.key_file ? secretRef(fleet, tls.key_file) : undefined,
    serverName: tls.server_name,
    insecureSkipVerify: tls.insecure_skip_verify,
  })
}
