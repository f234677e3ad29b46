import {LOG_METRICS} from './log-metrics.js'

/** Exporters inferwatch scrapes, with the facts a scrape config needs. */
export const NODE_EXPORTER_IDS = ['node-exporter', 'cadvisor', 'dcgm-exporter', 'macmon', 'hailo-exporter'] as const
export type NodeExporterId = (typeof NODE_EXPORTER_IDS)[number]

export interface ExporterProfile {
  id: string
  title: string
  /** Prometheus job name. */
  job: string
  defaultPort: number
  metricsPath: string
  notes: readonly string[]
  /** Ports an exporter ends up on by accident, with why: the collision check names the cause. */
  portConflicts?: readonly {port: number; reason: string}[]
}

export const EXPORTERS: Record<NodeExporterId, ExporterProfile> = {
  // google/cadvisor 711f2bec (first in v0.57.0): container_start_time_seconds became the runtime's
  // start time; before, it was the creation time, which an in-place restart (Docker's restart
  // policy) keeps. Docker's RestartCount shows as the label container_label_restartcount.
  cadvisor: {
    defaultPort: 8080,
    id: 'cadvisor',
    job: 'cadvisor',
    metricsPath: '/metrics',
    notes: [
      'cAdvisor: ContainerRestartLoop counts changes of container_start_time_seconds, which sees in-place restarts (Docker’s restart policy) only from cAdvisor v0.57.0 on; older releases report the creation time, which such a restart keeps, so only containers that are re-created count. Run cAdvisor v0.57.0 or later.',
    ],
    title: 'cAdvisor',
  },
  'dcgm-exporter': {defaultPort: 9400, id: 'dcgm-exporter', job: 'dcgm', metricsPath: '/metrics', notes: [], title: 'NVIDIA DCGM exporter'},
  // jiiihwan/hailo_exporter: hailo_exporter/hailo_exporter.py, its Dockerfile (EXPOSE 9102,
  // --port=9102) and k8s_resources/hailo-exporter-daemonset.yaml serve on 9102. The older package
  // entry point (hailo_exporter/__main__.py, `python -m hailo_exporter`) defaults to 9100, which is
  // node_exporter's, and serves device_utilization_percent{device} instead.
  'hailo-exporter': {
    defaultPort: 9102,
    id: 'hailo-exporter',
    job: 'hailo',
    metricsPath: '/metrics',
    notes: [
      'hailo_exporter only reports while the inference process runs with HAILO_MONITOR=1.',
      'hailo_exporter: run hailo_exporter.py (or its container), which serves hailo_NPU_utilization_percent on 9102. `python -m hailo_exporter` listens on 9100 — node_exporter’s port — and serves another metric (device_utilization_percent), which inferwatch does not read.',
    ],
    portConflicts: [{port: 9100, reason: '`python -m hailo_exporter` listens there by default; start hailo_exporter.py or its container, which use 9102'}],
    title: 'Hailo exporter (community)',
  },
  macmon: {
    defaultPort: 9090,
    id: 'macmon',
    job: 'macmon',
    metricsPath: '/metrics',
    notes: ['macmon serves on 9090 by default, the port Prometheus uses: move one of them if both run on the Mac.'],
    title: 'macmon',
  },
  'node-exporter': {defaultPort: 9100, id: 'node-exporter', job: 'node', metricsPath: '/metrics', notes: [], title: 'Prometheus node_exporter'},
}

/** Services the monitoring host runs itself (not per node). */
export const MONITORING_SERVICES = {
  alertmanager: {defaultPort: 9093, title: 'Alertmanager'},
  blackbox: {defaultPort: 9115, metricsPath: '/probe', title: 'blackbox_exporter'},
  fluentBit: {defaultPort: 2020, healthPath: '/api/v1/health', metricsPath: '/api/v2/metrics/prometheus', title: 'Fluent Bit'},
  fluentBitLogMetrics: {defaultPort: LOG_METRICS.defaultPort, metricsPath: LOG_METRICS.metricsPath, title: 'Fluent Bit prometheus_exporter (metrics from logs)'},
  grafana: {defaultPort: 3000, title: 'Grafana'},
  loki: {defaultPort: 3100, title: 'Loki'},
  elasticsearch: {defaultPort: 9200, title: 'Elasticsearch / OpenSearch'},
  fluentForward: {defaultPort: 24_224, title: 'Fluentd / Fluent Bit forward input'},
  prometheus: {defaultPort: 9090, metricsPath: '/metrics', title: 'Prometheus'},
  pushgateway: {defaultPort: 9091, metricsPath: '/metrics', title: 'Pushgateway'},
} as const

/** Where each kind of log sink listens unless the fleet says otherwise. */
export const LOG_SINK_PORTS = {
  elasticsearch: MONITORING_SERVICES.elasticsearch.defaultPort,
  forward: MONITORING_SERVICES.fluentForward.defaultPort,
  loki: MONITORING_SERVICES.loki.defaultPort,
  opensearch: MONITORING_SERVICES.elasticsearch.defaultPort,
} as const

/**
 * node_exporter as Debian and Raspberry Pi OS package it (`apt install prometheus-node-exporter`):
 * the binary, the unit the package ships in /lib/systemd/system (a unit of the same name in
 * /etc/systemd/system replaces it) and the user it runs as.
 */
export const NODE_EXPORTER_PACKAGE = {
  binary: '/usr/bin/prometheus-node-exporter',
  name: 'prometheus-node-exporter',
  unit: 'prometheus-node-exporter.service',
  user: 'prometheus',
} as const

/** Debian's prometheus-node-exporter reads textfiles from here (its default --collector.textfile.directory). */
export const DEFAULT_TEXTFILE_DIRECTORY = '/var/lib/prometheus/node-exporter'

/**
 * Job names of the scrape jobs that are not per-node exporters: part of the label contract rules rely on.
 * Native model-server metrics use `modelServerJob` (runtimes.ts).
 */
export const SERVICE_JOBS = {
  fluentBit: 'fluent-bit',
  fluentBitLogMetrics: LOG_METRICS.job,
  healthProbe: 'probe-health',
  prometheus: 'prometheus',
  pushgateway: 'pushgateway',
  tlsProbe: 'probe-tls',
} as const
