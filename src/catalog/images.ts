/**
 * Container images of the monitoring services, pinned to release tags so a compose file deploys
 * the same thing next year. Prometheus is the 2.53 LTS line (the generated config is checked with
 * promtool 2.x); Alertmanager follows the fleet's `alerting.alertmanagerVersion`, because that
 * decides which config keys the generated alertmanager.yml may use.
 * Tags: github.com/prometheus/{prometheus,blackbox_exporter,pushgateway,alertmanager} releases,
 * github.com/grafana/{grafana,loki} releases. All are busybox or alpine based, so `wget` exists
 * for health checks.
 */
export const MONITORING_IMAGES = {
  blackbox: 'prom/blackbox-exporter:v0.25.0',
  grafana: 'grafana/grafana:11.6.1',
  loki: 'grafana/loki:3.4.2',
  prometheus: 'prom/prometheus:v2.53.4',
  pushgateway: 'prom/pushgateway:v1.11.0',
} as const

/** `0.27` → prom/alertmanager:v0.27.0, the first release of that minor version. */
export const alertmanagerImage = (version: string): string => `prom/alertmanager:v${version}.0`
