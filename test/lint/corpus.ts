/**
 * A corpus of realistic rule files and dashboards written for the lint tests: the kind of rules
 * people run on inference fleets (node, GPU, vLLM, llama.cpp, TGI, Triton, blackbox, Fluent Bit),
 * each expression in several variants, plus broken expressions of the sorts found in pasted
 * configs. `promtool check rules` is the judge of which files parse.
 */
const VALID_EXPRESSIONS: string[] = [
  'up == 0',
  'up{job="node"} == 0',
  'avg_over_time(up[10m]) < 0.9',
  'sum by (job) (up) / count by (job) (up) < 0.5',
  'absent(up{job="prometheus"})',
  '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) > 0.9',
  'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes < 0.1',
  'predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[6h], 4 * 3600) < 0',
  '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes > 0.9',
  'max by (instance) (node_thermal_zone_temp{type="cpu-thermal"}) > 80',
  'max by (instance, chip) (node_hwmon_temp_celsius) > 90',
  'node_hwmon_in_lcrit_alarm_volts > 0',
  'rate(node_network_receive_bytes_total{device!="lo"}[5m]) > 1e8',
  'time() - node_boot_time_seconds < 600',
  'node_textfile_scrape_error == 1',
  'max by (gpu, Hostname) (DCGM_FI_DEV_GPU_TEMP) > 85',
  'avg by (gpu) (DCGM_FI_DEV_GPU_UTIL) < 5',
  'DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > 0.95',
  'DCGM_FI_DEV_XID_ERRORS != 0',
  'sum by (Hostname) (DCGM_FI_DEV_POWER_USAGE) > 600',
  'increase(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[1h]) / 3.6e9 > 1',
  'sum by (model_name) (vllm:num_requests_waiting) > 20',
  'max by (model_name) (vllm:kv_cache_usage_perc) > 0.95',
  'histogram_quantile(0.99, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > 10',
  'histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket[5m]))) > 2',
  'sum(rate(vllm:generation_tokens_total[5m])) by (model_name) < 1',
  'rate(vllm:num_preemptions_total[15m]) > 0',
  'sum by (model_name) (rate(vllm:request_success_total{finished_reason="abort"}[10m])) / sum by (model_name) (rate(vllm:request_success_total[10m])) > 0.05',
  'sum(rate(vllm:prefix_cache_hits_total[30m])) / sum(rate(vllm:prefix_cache_queries_total[30m])) < 0.1',
  'rate(llamacpp:tokens_predicted_total[5m]) == 0 and llamacpp:requests_processing > 0',
  'llamacpp:requests_deferred > 5',
  'rate(llamacpp:prompt_tokens_total[10m]) / rate(llamacpp:prompt_seconds_total[10m]) < 50',
  'tgi_queue_size > 32',
  'sum(rate(tgi_request_failure[5m])) / sum(rate(tgi_request_count[5m])) > 0.01',
  'histogram_quantile(0.9, sum by (le) (rate(tgi_request_duration_bucket[5m]))) > 30',
  'tgi_batch_current_size == 0 and tgi_queue_size > 0',
  'sum by (model) (rate(nv_inference_request_failure[5m])) > 0',
  'rate(nv_inference_queue_duration_us[5m]) / clamp_min(rate(nv_inference_count[5m]), 1) > 1e5',
  'probe_success{job="blackbox"} == 0',
  'probe_ssl_earliest_cert_expiry - time() < 86400 * 14',
  'avg_over_time(probe_duration_seconds[15m]) > 2',
  'probe_http_status_code >= 500',
  'rate(fluentbit_output_retries_failed_total[5m]) > 0',
  'rate(fluentbit_output_errors_total[5m]) > 0',
  'sum by (name) (rate(fluentbit_output_dropped_records_total[15m])) > 0',
  'rate(fluentbit_input_records_total[10m]) == 0',
  'increase(container_cpu_usage_seconds_total{name=~"vllm.*"}[10m]) > 500',
  'time() - container_last_seen{name!=""} > 300',
  'container_memory_working_set_bytes{name="llama-server"} > 30e9',
  'count by (job) (changes(container_start_time_seconds[15m]) > 2) > 0',
  'label_replace(up, "host", "$1", "instance", "([^:]+):.*") == 0',
  'sum without (instance) (rate(node_cpu_seconds_total[5m])) > 100',
  'topk(3, sum by (instance) (rate(node_network_transmit_bytes_total[5m])))',
  'quantile_over_time(0.9, probe_duration_seconds[1h]) > 1',
  'max_over_time(vllm:num_requests_running[5m:1m]) > 100',
  'sum(rate(vllm:prompt_tokens_total[5m] offset 1d)) > 2 * sum(rate(vllm:prompt_tokens_total[5m]))',
  'vector(1)',
  'count(up == bool 0) > 3',
  'up unless on (instance) node_boot_time_seconds',
  'sum by (instance) (up) * on (instance) group_left () max by (instance) (node_boot_time_seconds) > 0',
  'sgn(delta(node_cooling_device_cur_state[30m])) > 0',
  'deriv(node_thermal_zone_temp[15m]) > 0.05',
  'macmon_gpu_temp_celsius > 95',
  'macmon_memory_ram_used_bytes / macmon_memory_ram_total_bytes > 0.92',
  'hailo_NPU_utilization > 95',
  'ALERTS{alertstate="firing", severity="critical"} > 0',
]

/** Broken expressions, each with what is wrong; Prometheus refuses every one of them. */
const BROKEN_EXPRESSIONS: string[] = [
  'sum(rate(up[5m])',
  'rate(up) > 0',
  'up{job=node} == 0',
  'up{job="node" == 0',
  'sum by job (up)',
  'histogram_quantile(0.9)',
  'nosuchfunction(up)',
  'rate(up[5m]) + up[5m]',
  '1 > 2',
  'up{job=~"(node"}',
  'up{job=~"(?!node)"}',
  'rate(up[5x])',
  'up and 1',
  'sum(up) by (job',
  'topk(up, 3)',
  'abs(up, 1)',
  'up[5m][1m]',
  '{job=""}',
  '-up[5m]',
  'max_over_time(up[5m])[10m:1m] + 1',
  'count_values(3, up)',
  'up +',
  'up offset',
  '(up',
  'sum(up) without',
  'up{job="a"} bool > 1',
]

const BROKEN_TEMPLATES = ['{{ $labels.instance', '{{ $label.instance }}', '{{ if $labels.job }}x', '{{ humanise $value }}', '{{ end }}']

const indentExpr = (expr: string) => (expr.length > 70 ? `|\n          ${expr}` : JSON.stringify(expr))

function alertRule(name: string, expr: string, variant: number, description = 'Value {{ $value | humanize }} on {{ $labels.instance }}.'): string {
  const severity = variant % 2 === 0 ? 'warning' : 'critical'
  return [
    `      - alert: ${name}`,
    `        expr: ${indentExpr(expr)}`,
    `        for: ${[2, 5, 10, 15][variant % 4]}m`,
    '        labels:',
    `          severity: ${severity}`,
    '        annotations:',
    `          summary: ${JSON.stringify(`${name} (${severity})`)}`,
    `          description: ${JSON.stringify(description)}`,
    `          runbook_url: https://runbooks.example/${name}`,
  ].join('\n')
}

function recordRule(index: number, expr: string): string {
  return `      - record: job:corpus_${index}:value\n        expr: ${indentExpr(expr)}`
}

const file = (group: string, rules: string[]) => `groups:\n  - name: ${group}\n    rules:\n${rules.join('\n')}\n`

/** Rule files by name: corpus-valid-*.yml only valid rules, corpus-broken-*.yml one broken rule among valid ones. */
export function ruleCorpus(): Record<string, string> {
  const files: Record<string, string> = {}
  const valid: string[] = []
  for (let variant = 0; variant < 4; variant++) {
    for (const [i, expr] of VALID_EXPRESSIONS.entries()) {
      valid.push(variant === 3 ? recordRule(i, expr) : alertRule(`Corpus${i}V${variant}`, expr, variant))
    }
  }
  for (let start = 0, n = 0; start < valid.length; start += 25, n++) files[`corpus-valid-${String(n).padStart(2, '0')}.yml`] = file(`valid-${n}`, valid.slice(start, start + 25))
  for (const [i, expr] of BROKEN_EXPRESSIONS.entries()) {
    files[`corpus-broken-expr-${String(i).padStart(2, '0')}.yml`] = file(`broken-${i}`, [alertRule('Fine1', 'up == 0', i), alertRule(`Broken${i}`, expr, i), alertRule('Fine2', 'probe_success == 0', i)])
  }
  for (const [i, template] of BROKEN_TEMPLATES.entries()) {
    files[`corpus-broken-template-${i}.yml`] = file(`template-${i}`, [alertRule('Fine', 'up == 0', i), alertRule(`BadTemplate${i}`, 'up == 0', i, template)])
  }
  return files
}

export const CORPUS_RULE_COUNT = VALID_EXPRESSIONS.length * 4

/** A few dashboards over the same expressions (classic JSON, v2 and one inside a ConfigMap). */
export function dashboardCorpus(): Record<string, string> {
  const panels = VALID_EXPRESSIONS.slice(0, 40).map((expr, i) => ({
    datasource: {type: 'prometheus', uid: '${datasource}'},
    fieldConfig: {defaults: {unit: 'short'}},
    gridPos: {h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8},
    id: i + 1,
    targets: [{datasource: {type: 'prometheus', uid: '${datasource}'}, expr: expr.replace(/\[5m\]/g, '[$__rate_interval]'), refId: 'A'}],
    title: `Panel ${i}`,
    type: i % 3 === 0 ? 'stat' : 'timeseries',
  }))
  const classic = {panels, schemaVersion: 39, templating: {list: [{name: 'datasource', query: 'prometheus', type: 'datasource'}]}, title: 'Corpus'}
  const v2 = {
    apiVersion: 'dashboard.grafana.app/v2beta1',
    kind: 'Dashboard',
    metadata: {name: 'corpus-v2'},
    spec: {
      elements: Object.fromEntries(
        panels.slice(0, 10).map((p) => [
          `panel-${p.id}`,
          {kind: 'Panel', spec: {data: {kind: 'QueryGroup', spec: {queries: [{kind: 'PanelQuery', spec: {query: {group: 'prometheus', kind: 'DataQuery', spec: {expr: p.targets[0]!.expr}}, refId: 'A'}}]}}, id: p.id, title: p.title, vizConfig: {group: 'timeseries', kind: 'VizConfig', spec: {fieldConfig: {defaults: {unit: 's'}}}}}},
        ]),
      ),
      layout: {kind: 'GridLayout', spec: {items: panels.slice(0, 10).map((p) => ({kind: 'GridLayoutItem', spec: {element: {kind: 'ElementReference', name: `panel-${p.id}`}, height: 8, width: 12, x: p.gridPos.x, y: p.gridPos.y}}))}},
      title: 'Corpus v2',
    },
  }
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: corpus-dashboards\n  labels: {grafana_dashboard: "1"}\ndata:\n  corpus.json: |\n${JSON.stringify(classic, null, 2)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`
  return {'corpus-configmap.yaml': configMap, 'corpus-dashboard-v2.json': JSON.stringify(v2, null, 2), 'corpus-dashboard.json': JSON.stringify(classic, null, 2)}
}
