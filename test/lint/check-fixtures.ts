/**
 * One failing and one passing fixture per check. `‸` in `bad` marks where the finding must be
 * reported (it is removed before linting), so each test states the expected line and column
 * independently of the linter. `extra` files are linted alongside (for checks across files).
 */
export interface CheckFixture {
  check: string
  file: string
  bad: string
  good: string
  extra?: Record<string, string>
  fleet?: string
}

const rules = (body: string) => `groups:\n  - name: g\n    rules:\n${body}`
const alert = (expr: string, extra = '') =>
  rules(`      - alert: A\n        expr: ${expr}\n        for: 5m\n        labels:\n          severity: warning\n        annotations:\n          summary: s\n          runbook_url: r${extra}\n`)
const record = (name: string, expr: string) => rules(`      - record: ${name}\n        expr: ${expr}\n`)
const promConfig = (jobs: string) => `global:\n  scrape_interval: 15s\nscrape_configs:\n${jobs}`
const am = (body: string) => `route:\n  receiver: team\nreceivers:\n  - name: team\n${body}`
const dashboard = (panels: string) => `{\n  "title": "d",\n  "schemaVersion": 39,\n  "panels": [\n${panels}\n  ]\n}\n`
const panel = (fields: string, expr = 'sum(rate(node_cpu_seconds_total[$__rate_interval]))') =>
  `    {"id": 1, "type": "timeseries", "title": "T", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "datasource": {"type": "prometheus", "uid": "\${datasource}"}, "fieldConfig": {"defaults": {"unit": "s"}}, "targets": [{"refId": "A", "expr": "${expr}"}]${fields}}`
const fluentBit = (body: string) => `[SERVICE]\n    flush 1\n\n${body}`
const tailInput = '[INPUT]\n    name tail\n    path /var/log/app.log\n    tag app\n    mem_buf_limit 5MB\n\n'
/** An alert with for, but no labels or annotations. */
const BARE_ALERT = rules('      - alert: ‸A\n        expr: up == 0\n        for: 5m\n')
const FLEET = `apiVersion: inferwatch/v1
kind: Fleet
metadata:
  name: lab
nodes:
  - name: gpu-1
    hardware: nvidia-gpu
    address: 10.0.0.5
    modelServers:
      - name: vllm-main
        runtime: vllm
        port: 8000
        models:
          - name: llama
`

export const CHECK_FIXTURES: CheckFixture[] = [
  {check: 'lint/parse-error', file: 'rules.yml', bad: 'groups:\n  - name: g\n    rules: [\n  ‸', good: 'groups: []\n'},
  {check: 'lint/unknown-kind', file: 'other.yml', bad: '‸colour: blue\n', good: 'route:\n  receiver: x\nreceivers:\n  - name: x\n'},
  {check: 'promql/syntax', file: 'rules.yml', bad: alert('sum(rate(up[5m]) ‸by (job)'), good: alert('sum(rate(up[5m])) by (job) > 1')},
  {check: 'promql/syntax', file: 'rules.yml', bad: alert('rate(‸up) > 1'), good: alert('rate(up[5m]) > 1')},
  {
    check: 'promql/syntax',
    file: 'block.yml',
    bad: rules('      - record: job:up:sum\n        expr: |\n          sum by (job) (\n            up{job="a", ‸!}\n          )\n'),
    good: rules('      - record: job:up:sum\n        expr: |\n          sum by (job) (\n            up{job="a"}\n          )\n'),
  },
  {check: 'promql/syntax', file: 'dash.json', bad: dashboard(panel('', 'sum(rate(node_cpu_seconds_total[$__rate_interval])) ‸)')), good: dashboard(panel(''))},
  {check: 'promql/unquoted-label-value', file: 'rules.yml', bad: alert('up{job=‸node} == 0'), good: alert('up{job="node"} == 0')},
  {check: 'promql/rate-on-non-counter', file: 'rules.yml', bad: alert('rate(‸node_thermal_zone_temp[5m]) > 1'), good: alert('deriv(node_thermal_zone_temp[5m]) > 1')},
  {
    check: 'promql/histogram-quantile-without-le',
    file: 'rules.yml',
    bad: record('job:latency:p99', 'histogram_quantile(0.99, ‸sum by (job) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))'),
    good: record('job:latency:p99', 'histogram_quantile(0.99, sum by (job, le) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))'),
  },
  {
    check: 'promql/range-too-short',
    file: 'rules.yml',
    bad: record('job:cpu:rate1m', 'sum by (job) (rate(node_cpu_seconds_total[‸30s]))'),
    good: record('job:cpu:rate1m', 'sum by (job) (rate(node_cpu_seconds_total[1m]))'),
    extra: {'prometheus.yml': promConfig('  - job_name: node\n    static_configs:\n      - targets: ["a:9100"]\n')},
  },
  {check: 'promql/regex-never-matches', file: 'rules.yml', bad: alert('up{job=~‸"node$-exporter"} == 0'), good: alert('up{job=~"node|api"} == 0')},
  {check: 'promql/regex-never-matches', file: 'rules.yml', bad: alert('up{job="a", ‸job="b"} == 0'), good: alert('up{job="a", instance="b"} == 0')},
  {check: 'promql/absent-with-regex', file: 'rules.yml', bad: alert('absent(up{‸job=~"node|api"})'), good: alert('absent(up{job="node"})')},
  {check: 'metric/renamed', file: 'rules.yml', bad: alert('‸node_thermal_zone_temp_celsius > 80'), good: alert('node_thermal_zone_temp > 80')},
  {check: 'metric/renamed', file: 'rules.yml', bad: alert('‸vllm:gpu_cache_usage_perc > 0.9'), good: alert('vllm:kv_cache_usage_perc > 0.9')},
  {check: 'metric/renamed', file: 'rules.yml', bad: alert('rate(‸tgi_request_failure_total[5m]) > 0'), good: alert('rate(tgi_request_failure[5m]) > 0')},
  {check: 'metric/renamed', file: 'rules.yml', bad: alert('rate(‸vllm:prompt_tokens[5m]) > 0'), good: alert('rate(vllm:prompt_tokens_total[5m]) > 0')},
  {check: 'metric/removed', file: 'rules.yml', bad: alert('‸llamacpp:kv_cache_usage_ratio > 0.9'), good: alert('llamacpp:requests_deferred > 5')},
  {check: 'metric/unknown', file: 'rules.yml', bad: alert('‸llamacpp:requests_waiting > 5'), good: alert('llamacpp:requests_deferred > 5')},
  {check: 'metric/unknown-label', file: 'rules.yml', bad: alert('node_thermal_zone_temp{‸zone_type="cpu-thermal"} > 80'), good: alert('node_thermal_zone_temp{type="cpu-thermal"} > 80')},
  {check: 'rule/structure', file: 'rules.yml', bad: rules('      - alert: A\n        expr: up == 0\n        ‸fro: 5m\n'), good: rules('      - alert: A\n        expr: up == 0\n        for: 5m\n')},
  {check: 'rule/structure', file: 'rules.yml', bad: rules('      - record: job:up:sum\n        expr: sum(up)\n        ‸annotations:\n          a: b\n'), good: rules('      - record: job:up:sum\n        expr: sum(up)\n')},
  {
    check: 'rule/duplicate-group',
    file: 'rules.yml',
    bad: 'groups:\n  - name: g\n    rules: []\n  - name: ‸g\n    rules: []\n',
    good: 'groups:\n  - name: g\n    rules: []\n  - name: h\n    rules: []\n',
  },
  {
    check: 'rule/duplicate-rule',
    file: 'rules.yml',
    bad: rules('      - record: job:up:sum\n        expr: sum(up)\n      - record: ‸job:up:sum\n        expr: sum(up)\n'),
    good: rules('      - record: job:up:sum\n        expr: sum(up)\n      - record: job:up:count\n        expr: count(up)\n'),
  },
  {check: 'rule/alert-without-for', file: 'rules.yml', bad: rules('      - alert: ‸A\n        expr: up == 0\n'), good: alert('up == 0')},
  {check: 'rule/missing-severity', file: 'rules.yml', bad: BARE_ALERT, good: alert('up == 0')},
  {check: 'rule/missing-summary', file: 'rules.yml', bad: BARE_ALERT, good: alert('up == 0')},
  {check: 'rule/missing-runbook-url', file: 'rules.yml', bad: BARE_ALERT, good: alert('up == 0')},
  {check: 'rule/template-syntax', file: 'rules.yml', bad: alert('up == 0', '\n          description: "{{ $labels.job }} is down {{ ‸$label.instance }}"'), good: alert('up == 0', '\n          description: "{{ $labels.job }} is down {{ $labels.instance }}"')},
  {
    check: 'rule/template-syntax',
    file: 'rules.yml',
    bad: alert('up == 0', '\n          description: |\n            Job {{ $labels.job }}\n            ‸{{ if eq $labels.severity "critical" }}page\n'),
    good: alert('up == 0', '\n          description: |\n            Job {{ $labels.job }}\n            {{ if eq $labels.severity "critical" }}page{{ end }}\n'),
  },
  {check: 'rule/recording-name', file: 'rules.yml', bad: record('‸up_sum', 'sum(up)'), good: record('job:up:sum', 'sum(up)')},
  {
    check: 'prometheus/duplicate-job',
    file: 'prometheus.yml',
    bad: promConfig('  - job_name: node\n    static_configs: [{targets: ["a:9100"]}]\n  - job_name: ‸node\n    static_configs: [{targets: ["b:9100"]}]\n'),
    good: promConfig('  - job_name: node\n    static_configs: [{targets: ["a:9100"]}]\n  - job_name: node2\n    static_configs: [{targets: ["b:9100"]}]\n'),
  },
  {
    check: 'prometheus/duplicate-target',
    file: 'prometheus.yml',
    bad: promConfig('  - job_name: node\n    static_configs:\n      - targets: ["a:9100", ‸"a:9100"]\n'),
    good: promConfig('  - job_name: node\n    static_configs:\n      - targets: ["a:9100", "b:9100"]\n'),
  },
  {
    check: 'prometheus/scrape-timeout',
    file: 'prometheus.yml',
    bad: promConfig('  - job_name: node\n    scrape_interval: 10s\n    scrape_timeout: ‸30s\n    static_configs: [{targets: ["a:9100"]}]\n'),
    good: promConfig('  - job_name: node\n    scrape_interval: 30s\n    scrape_timeout: 10s\n    static_configs: [{targets: ["a:9100"]}]\n'),
  },
  {
    check: 'prometheus/insecure-skip-verify',
    file: 'prometheus.yml',
    bad: promConfig('  - job_name: node\n    tls_config:\n      ‸insecure_skip_verify: true\n    static_configs: [{targets: ["a:9100"]}]\n'),
    good: promConfig('  - job_name: node\n    tls_config:\n      ca_file: /etc/ca.pem\n    static_configs: [{targets: ["a:9100"]}]\n'),
  },
  {
    check: 'prometheus/inline-secret',
    file: 'prometheus.yml',
    bad: promConfig('  - job_name: node\n    basic_auth:\n      username: u\n      ‸password: hunter2\n    static_configs: [{targets: ["a:9100"]}]\n'),
    good: promConfig('  - job_name: node\n    basic_auth:\n      username: u\n      password_file: /etc/p\n    static_configs: [{targets: ["a:9100"]}]\n'),
  },
  {
    check: 'alertmanager/undefined-receiver',
    file: 'alertmanager.yml',
    bad: 'route:\n  receiver: team\n  routes:\n    - receiver: ‸pager\nreceivers:\n  - name: team\n',
    good: 'route:\n  receiver: team\n  routes:\n    - receiver: team\nreceivers:\n  - name: team\n',
  },
  {check: 'alertmanager/root-route-without-receiver', file: 'alertmanager.yml', bad: 'route:\n  ‸group_by: [alertname]\nreceivers:\n  - name: team\n', good: 'route:\n  receiver: team\n  group_by: [alertname]\nreceivers:\n  - name: team\n'},
  {check: 'alertmanager/inline-secret', file: 'alertmanager.yml', bad: am('    slack_configs:\n      - ‸api_url: https://hooks.example/T0/B0/x\n'), good: am('    slack_configs:\n      - api_url_file: /etc/slack-url\n')},
  {
    check: 'alertmanager/inhibit-never-matches',
    file: 'alertmanager.yml',
    bad: am('inhibit_rules:\n  - source_matchers: [severity="critical"]\n    target_matchers: [severity="warning"]\n    equal: ‸[severity]\n'),
    good: am('inhibit_rules:\n  - source_matchers: [severity="critical"]\n    target_matchers: [severity="warning"]\n    equal: [alertname]\n'),
  },
  {
    check: 'alertmanager/inhibit-never-matches',
    file: 'alertmanager.yml',
    bad: am('inhibit_rules:\n  - source_matchers: [‸alertname="NodeDown"]\n    target_matchers: [severity="warning"]\n    equal: [node]\n'),
    good: am('inhibit_rules:\n  - source_matchers: [alertname="A"]\n    target_matchers: [severity="warning"]\n    equal: [node]\n'),
    extra: {'rules.yml': alert('up == 0')},
  },
  {check: 'dashboard/datasource-not-templated', file: 'dash.json', bad: dashboard(panel('').replace('"datasource": {', '"datasource": ‸{').replace('${datasource}', 'P1809F7CD0C75ACF3')), good: dashboard(panel(''))},
  {check: 'dashboard/panel-without-unit', file: 'dash.json', bad: dashboard(panel('').replace('{"id": 1', '‸{"id": 1').replace('"unit": "s"', '"decimals": 2')), good: dashboard(panel(''))},
  {check: 'dashboard/panel-without-title', file: 'dash.json', bad: dashboard(panel('').replace('{"id": 1', '‸{"id": 1').replace('"title": "T"', '"title": ""')), good: dashboard(panel(''))},
  {check: 'dashboard/rate-interval', file: 'dash.json', bad: dashboard(panel('', 'sum(rate(node_cpu_seconds_total[‸5m]))')), good: dashboard(panel(''))},
  {
    check: 'dashboard/duplicate-panel-id',
    file: 'dash.json',
    bad: dashboard(`${panel('')},\n${panel('').replace('"id": 1', '"id": ‸1').replace('"x": 0', '"x": 12')}`),
    good: dashboard(`${panel('')},\n${panel('').replace('"id": 1', '"id": 2').replace('"x": 0', '"x": 12')}`),
  },
  {
    check: 'dashboard/overlapping-panels',
    file: 'dash.json',
    bad: dashboard(`${panel('')},\n${panel('').replace('"id": 1', '"id": 2').replace('"gridPos": ', '"gridPos": ‸').replace('"x": 0', '"x": 6')}`),
    good: dashboard(`${panel('')},\n${panel('').replace('"id": 1', '"id": 2').replace('"x": 0', '"x": 12')}`),
  },
  {check: 'fluentbit/unknown-section', file: 'fluent-bit.conf', bad: fluentBit(`${tailInput}‸[OUTPT]\n    name stdout\n    match *\n`), good: fluentBit(`${tailInput}[OUTPUT]\n    name stdout\n    match *\n`)},
  {check: 'fluentbit/unknown-plugin', file: 'fluent-bit.conf', bad: fluentBit(`${tailInput}[OUTPUT]\n    name ‸stdot\n    match *\n`), good: fluentBit(`${tailInput}[OUTPUT]\n    name stdout\n    match *\n`)},
  {check: 'fluentbit/unknown-property', file: 'fluent-bit.conf', bad: fluentBit(`${tailInput}[OUTPUT]\n    name stdout\n    match *\n    ‸formt json_lines\n`), good: fluentBit(`${tailInput}[OUTPUT]\n    name stdout\n    match *\n    format json_lines\n`)},
  {
    check: 'fluentbit/output-without-retry-limit',
    file: 'fluent-bit.yaml',
    bad: 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/a.log\n      tag: app\n      mem_buf_limit: 5MB\n  outputs:\n    - ‸name: loki\n      match: "*"\n      host: loki\n',
    good: 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/a.log\n      tag: app\n      mem_buf_limit: 5MB\n  outputs:\n    - name: loki\n      match: "*"\n      host: loki\n      retry_limit: 5\n',
  },
  {
    check: 'fluentbit/output-without-buffering',
    file: 'fluent-bit.conf',
    bad: fluentBit('[INPUT]\n    name tail\n    path /var/log/a.log\n    tag app\n\n[OUTPUT]\n    ‸name loki\n    match app\n    retry_limit 5\n'),
    good: fluentBit('[INPUT]\n    name tail\n    path /var/log/a.log\n    tag app\n    storage.type filesystem\n\n[OUTPUT]\n    name loki\n    match app\n    retry_limit 5\n'),
  },
  {
    check: 'fluentbit/undefined-parser',
    file: 'fluent-bit.conf',
    bad: fluentBit('[INPUT]\n    name tail\n    path /var/log/a.log\n    tag app\n    mem_buf_limit 5MB\n    parser ‸nginx\n'),
    good: fluentBit('[INPUT]\n    name tail\n    path /var/log/a.log\n    tag app\n    mem_buf_limit 5MB\n    parser nginx\n\n[PARSER]\n    name nginx\n    format regex\n    regex ^(?<host>\\S+)\n'),
  },
  {
    check: 'fluentbit/match-without-input',
    file: 'fluent-bit.conf',
    bad: fluentBit(`${tailInput}[OUTPUT]\n    name stdout\n    match ‸kube.*\n`),
    // log_to_metrics emits under its own tag: an output may match that tag, though no input has it.
    good: fluentBit(
      `${tailInput}[FILTER]\n    name log_to_metrics\n    match app\n    tag metrics.app\n    metric_mode counter\n    metric_name lines\n    metric_description Lines read\n\n[OUTPUT]\n    name stdout\n    match app\n\n[OUTPUT]\n    name prometheus_exporter\n    match metrics.app\n    port 2021\n`,
    ),
  },
  {check: 'fleet/invalid', file: 'fleet.yaml', bad: FLEET.replace('hardware: nvidia-gpu', '‸hardwar: nvidia-gpu'), good: FLEET},
  {
    check: 'fleet/node-without-target',
    file: 'prometheus.yml',
    bad: promConfig('  - job_name: node\n    static_configs:\n      - targets: ["10.0.0.9:9100"]\n'),
    good: promConfig('  - job_name: node\n    static_configs:\n      - targets: ["10.0.0.5:9100"]\n'),
    fleet: FLEET.replace('  - name: gpu-1', '  - name: ‸gpu-1'),
  },
  {check: 'fleet/runtime-not-in-fleet', file: 'rules.yml', bad: alert('‸tgi_queue_size > 10'), good: alert('vllm:num_requests_waiting > 10'), fleet: FLEET},
  {check: 'fleet/unknown-server', file: 'rules.yml', bad: alert('vllm:num_requests_waiting{server=‸"vllm-old"} > 10'), good: alert('vllm:num_requests_waiting{server="vllm-main"} > 10'), fleet: FLEET},
]
