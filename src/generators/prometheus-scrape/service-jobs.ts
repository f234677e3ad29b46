import {MONITORING_SERVICES, SERVICE_JOBS} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import type {ScrapeJob} from './scrape-job.js'
import {fileSdJobs} from './file-sd-jobs.js'
import {nodeTargetLabels} from '../../catalog/index.js'
import {servesLogMetrics} from '../fluent-bit/node-config.js'

/** Prometheus watching itself at prometheus.url; every shard keeps this job whole, since each scrapes itself. */
export function prometheusSelfJob(fleet: Fleet): ScrapeJob {
  const https = fleet.prometheus.url.startsWith('https:')
  return {
    metricsPath: fleet.prometheus.self.metricsPath,
    name: SERVICE_JOBS.prometheus,
    scheme: https ? 'https' : 'http',
    sharded: false,
    targets: {addresses: [fleet.prometheus.self.address], kind: 'static'},
    usesHttps: https,
  }
}

/**
 * Fluent Bit runs on every node when the fleet ships logs; its output errors are alertable. Nodes
 * whose servers get metrics from their logs (llama.cpp, Ollama) also serve those on the
 * prometheus_exporter port; the series carry server, runtime and model labels of their own, the
 * target adds the node's, so rules select them by server like any server series.
 */
export function fluentBitJobs(fleet: Fleet): ScrapeJob[] {
  const logging = fleet.logging
  if (!logging) return []
  const own = MONITORING_SERVICES.fluentBit
  const candidates = fleet.nodes.map((node) => ({
    address: `${node.address}:${logging.httpPort}`,
    labels: nodeTargetLabels(node),
    metricsPath: own.metricsPath,
    scheme: 'http' as const,
  }))
  const fromLogs = MONITORING_SERVICES.fluentBitLogMetrics
  const logMetrics = fleet.nodes
    .filter((node) => servesLogMetrics(logging, node))
    .map((node) => ({address: `${node.address}:${logging.metricsPort}`, labels: nodeTargetLabels(node), metricsPath: fromLogs.metricsPath, scheme: 'http' as const}))
  return [...fileSdJobs(SERVICE_JOBS.fluentBit, own.metricsPath, candidates), ...fileSdJobs(SERVICE_JOBS.fluentBitLogMetrics, fromLogs.metricsPath, logMetrics)]
}

/**
 * Drift jobs push their results; `honor_labels` keeps the pushed job/server/model labels instead of
 * renaming them to exported_*.
 */
export function pushgatewayJobs(fleet: Fleet): ScrapeJob[] {
  if (fleet.drift.length === 0) return []
  return [
    {
      honorLabels: true,
      metricsPath: MONITORING_SERVICES.pushgateway.metricsPath,
      name: SERVICE_JOBS.pushgateway,
      scheme: 'http',
      sharded: true,
      targets: {addresses: [fleet.prometheus.pushgatewayAddress], kind: 'static'},
      usesHttps: false,
    },
  ]
}
