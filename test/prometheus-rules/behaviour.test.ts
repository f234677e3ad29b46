import {describe, expect, it} from 'vitest'

import {BUNDLED_RULES_DIR, RECORDED, fleetRules, loadRuleCatalog} from '../../src/generators/prometheus-rules/index.js'
import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {fleetFromYaml} from '../helpers/fleet.js'
import {fleetNamed, rulesOutput} from './fleets.js'
import {alertNames, alertsOf, expressionRules, recordsOf, rulesOf} from './output.js'

const mustLoad = () => {
  const result = loadRuleCatalog([BUNDLED_RULES_DIR])
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.message}`).join('\n'))
  return result.catalog
}

const PI_ONLY = (extra = '') => `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: pis}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    modelServers:
      - {name: llama-01, runtime: llama-cpp, models: [{name: qwen}]}
${extra}`

describe('canary', () => {
  it('a canary server yields the canary alerts, comparing it with the stable server of the same model', async () => {
    const {files} = await rulesOutput('mixed')
    const canary = alertsOf(files).filter((a) => a.alert!.startsWith('Canary'))
    expect(canary.map((a) => a.alert)).toEqual(['CanaryLatencyRegression', 'CanaryErrorRegression', 'CanaryWithoutBaseline'])
    // Canary and stable sides are selected by stage: the comparison matches them on model.
    for (const alert of canary) {
      expect(alert.expr).toContain('{stage="canary"}')
      expect(alert.expr).toContain('{stage="stable"}')
      expect(alert.expr).toContain(alert.alert === 'CanaryWithoutBaseline' ? 'unless on (model)' : 'on (model) group_left ()')
    }
    expect(canary[0]!.expr).toContain('1.2 * max by (model)')
    expect(canary[1]!.expr).toContain('+ 1 / 100')
  })

  it('a fleet without canaries has no canary rule file', async () => {
    const {files} = await rulesOutput('pi-cluster')
    expect(files.map((f) => f.path)).not.toContain('prometheus/rules/alerts-canary.yml')
  })
})

describe('hardware', () => {
  it('a fleet with no NVIDIA node yields no DCGM rule', async () => {
    const {files} = await rulesOutput('pi-cluster')
    expect(rulesOf(files).filter((r) => r.expr.includes('DCGM_'))).toEqual([])
    expect(alertNames(files)).not.toContain('GpuXidError')
  })

  it('an NVIDIA node gets the XID alert on a change of the last XID code, never on > 0 alone or a rate, with the code in a label', async () => {
    const {files} = await rulesOutput('gpu-server')
    const xid = alertsOf(files).find((a) => a.alert === 'GpuXidError')!
    expect(xid.expr).toBe('DCGM_FI_DEV_XID_ERRORS{hardware="nvidia-gpu"} > 0 and changes(DCGM_FI_DEV_XID_ERRORS{hardware="nvidia-gpu"}[10m]) > 0')
    expect(xid.labels).toEqual({severity: 'critical', xid: '{{ $value | printf "%.0f" }}'})
  })

  it('overheat thresholds come from each hardware profile, one rule per threshold', async () => {
    const {files} = await rulesOutput('mixed')
    const warnings = alertsOf(files).filter((a) => a.alert === 'NodeOverheatWarning')
    expect(warnings.map((w) => [w.expr, w.labels?.threshold])).toEqual([
      ['node:inferwatch_temperature_celsius:max{hardware="nvidia-gpu"} > 80', '80'],
      ['node:inferwatch_temperature_celsius:max{hardware="apple-silicon"} > 90', '90'],
      ['node:inferwatch_temperature_celsius:max{hardware="raspberry-pi-5"} > 75', '75'],
    ])
    const recording = recordsOf(files).find((r) => r.record === RECORDED.nodeTemperatureCelsius)!
    expect(recording.expr).toContain('node_thermal_zone_temp{type="cpu-thermal",hardware="raspberry-pi-5"}')
    expect(recording.expr).toContain('DCGM_FI_DEV_GPU_TEMP{hardware="nvidia-gpu"}')
    expect(recording.expr).toContain('macmon_cpu_temp_celsius{hardware="apple-silicon"}')
  })

  it('identical nodes share one rule that selects them by hardware, not by name', async () => {
    const {files} = await rulesOutput('pi-cluster')
    const warnings = alertsOf(files).filter((a) => a.alert === 'NodeOverheatWarning')
    expect(warnings.map((w) => w.expr)).toEqual(['node:inferwatch_temperature_celsius:max{hardware="raspberry-pi-5"} > 75'])
    expect(warnings[0]!.labels).toEqual({severity: 'warning'})
  })

  it('the Pi gets under-voltage and throttling alerts; nodes without the textfile collector are told why not', async () => {
    const {files} = await rulesOutput('pi-cluster')
    const exprs = Object.fromEntries(alertsOf(files).map((a) => [a.alert, a.expr]))
    expect(exprs.NodeUnderVoltage).toBe('node_hwmon_in_lcrit_alarm_volts{chip=~".*raspberrypi_hwmon",hardware="raspberry-pi-5"} > 0')
    expect(exprs.NodeThrottled).toBe('inferwatch_rpi_throttled{flag="throttled",when="now",hardware="raspberry-pi-5"} > 0')
    const {notes} = await rulesOutput('every-alert')
    expect(notes).toContain('NodeThrottled is not generated for pi-b: the node_exporter textfile collector is disabled there (it publishes inferwatch_rpi_throttled).')
  })

  it('container restart loops are watched only where cAdvisor runs', async () => {
    const {files, notes} = await rulesOutput('pi-cluster')
    // By hardware: only the nodes that run cAdvisor have container_start_time_seconds to select.
    expect(alertsOf(files).find((a) => a.alert === 'ContainerRestartLoop')!.expr).toBe('changes(container_start_time_seconds{hardware="raspberry-pi-5",name!=""}[15m]) >= 3')
    expect(notes).toContain('ContainerRestartLoop is not generated for pi-01, pi-02: cAdvisor is not enabled there (it provides container_start_time_seconds).')
  })
})

describe('runtimes', () => {
  it('a llama.cpp fleet that ships its logs gets latency and error-ratio rules from them', async () => {
    const {files} = await rulesOutput('pi-cluster')
    expect(recordsOf(files).find((r) => r.record === RECORDED.serverLatencyP99)!.expr).toContain('rate(inferwatch_log_request_duration_seconds_bucket{runtime="llama-cpp"}[5m])')
    expect(alertNames(files)).toEqual(expect.arrayContaining(['HighP99Latency', 'HighErrorRatio', 'ModelServerDown', 'QueueSaturated']))
  })

  it('a llama.cpp fleet without shipped logs has no latency-histogram rule, and a note says why', async () => {
    const fleet = await fleetFromYaml(PI_ONLY())
    const {files, notes} = prometheusRulesGenerator.generate(fleet)
    expect(rulesOf(files).filter((r) => /latency_seconds|time_to_first_token/.test(r.expr) || /latency|first_token/.test(r.record ?? ''))).toEqual([])
    expect(alertNames(files)).not.toContain('HighP99Latency')
    expect(notes).toContain(
      'HighP99Latency is not generated for llama-01: llama.cpp server provides this only through its logs: ship them with logging.sources journald or model-servers.',
    )
  })

  it('vLLM latency: the p99 the alerts read is recorded from the histogram, and no per-server bucket rates', async () => {
    const {files} = await rulesOutput('gpu-server')
    const records = recordsOf(files)
    expect(records.find((r) => r.record === RECORDED.serverLatencyP99)!.expr).toBe(
      'histogram_quantile(0.99, sum by (le, server, model, stage, model_version, runtime, node, hardware, site, tenant, role) (rate(vllm:e2e_request_latency_seconds_bucket{runtime="vllm"}[5m])))',
    )
    // Bucket rates kept per server would be as many series as the histogram: nothing records them,
    // and dashboards take their quantiles from the histogram at query time.
    expect(records.filter((r) => /_bucket/.test(r.record ?? ''))).toEqual([])
    expect(records.map((r) => r.record).filter((r) => r?.startsWith('server:inferwatch_request_latency_seconds'))).toEqual([RECORDED.serverLatencyP99])
  })

  it('each server is held to its own SLO: the shared rule selects by runtime and excludes the server with its own', async () => {
    const {files} = await rulesOutput('every-alert')
    const p99 = alertsOf(files).filter((a) => a.alert === 'HighP99Latency')
    expect(p99.map((a) => a.expr)).toEqual([
      'server:inferwatch_request_latency_seconds:p99_5m{runtime=~"llama-cpp|ollama|sglang|tgi|vllm",server!="vllm-stable"} > 2',
      'server:inferwatch_request_latency_seconds:p99_5m{server="vllm-stable"} > 8',
    ])
    expect(p99.map((a) => a.labels?.threshold)).toEqual(['2', '8'])
  })

  it('pairs fast and slow burn-rate windows as in the SRE workbook', async () => {
    const {files} = await rulesOutput('gpu-server')
    const byName = Object.fromEntries(alertsOf(files).map((a) => [a.alert, a]))
    expect(byName.ErrorBudgetFastBurn!.expr).toBe(
      'server:inferwatch_request_errors:ratio_rate1h{runtime="vllm"} / 0.005 > 14.4\nand\nserver:inferwatch_request_errors:ratio_rate5m{runtime="vllm"} / 0.005 > 14.4',
    )
    expect(byName.ErrorBudgetFastBurn!.labels?.severity).toBe('critical')
    expect(byName.ErrorBudgetSlowBurn!.expr).toContain('ratio_rate6h{runtime="vllm"} / 0.005 > 6')
    expect(byName.ErrorBudgetSlowBurn!.expr).toContain('ratio_rate30m{runtime="vllm"} / 0.005 > 6')
  })
})

describe('fleet knobs', () => {
  it('thresholds come from the fleet, not the catalog', async () => {
    const {files} = await rulesOutput('pi-cluster')
    const exprs = Object.fromEntries(expressionRules(files).map((a) => [a.alert, a.expr]))
    expect(exprs.QueueSaturated).toBe('server:inferwatch_queue_depth:sum{runtime="llama-cpp"} > 4')
    expect(exprs.BackupTooOld).toBe('time() - inferwatch_backup_last_success_timestamp_seconds > 93600')
    const every = Object.fromEntries(expressionRules((await rulesOutput('every-alert')).files).map((a) => [a.alert, a.expr]))
    expect(every.NodeDiskSpaceLow).toContain('< 15 / 100')
    expect(every.TlsCertificateExpiring).toBe('probe_ssl_earliest_cert_expiry{job="probe-tls"} - time() < 21 * 86400')
    const stale = expressionRules((await rulesOutput('every-alert')).files).filter((a) => a.alert === 'DriftJobStale')
    expect(stale.map((a) => a.expr)).toEqual([
      'time() - inferwatch_drift_last_success_timestamp_seconds{job!="stable-drift"} > 3 * 3600',
      'time() - inferwatch_drift_last_success_timestamp_seconds{job="stable-drift"} > 3 * 7200',
    ])
  })

  it('the catalog has no threshold literals: numbers in expressions are units, zero or quantile levels', () => {
    const catalog = mustLoad()
    const exprs = [
      ...catalog.alerts.flatMap((a) => [a.spec.expr, ...(a.spec.absent ? [a.spec.absent.for] : [])]),
      ...catalog.recording.flatMap((g) => g.rules.map((r) => r.spec.expr)),
    ]
    expect(exprs.length).toBeGreaterThan(30)
    for (const expr of exprs) {
      // A quantile level names what is recorded (p50, p95, p99), not a threshold.
      const numbers = expr.replace(/\$\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '').replace(/histogram_quantile\(0\.\d+,/g, 'histogram_quantile(').match(/(?<![\w.:-])\d+(\.\d+)?(?![\w.])/g) ?? []
      expect(numbers.filter((n) => !['0', '100', '86400'].includes(n)), expr).toEqual([])
    }
  })
})

describe('scopes', () => {
  it('every alert in the catalog is generated for a fleet that has everything', async () => {
    const {files} = await rulesOutput('every-alert')
    expect(alertNames(files)).toEqual(mustLoad().alerts.map((a) => a.spec.alert).sort())
  })

  it('Fluent Bit is watched only when the fleet ships logs', async () => {
    const fleet = await fleetFromYaml(PI_ONLY())
    const paths = prometheusRulesGenerator.generate(fleet).files.map((f) => f.path)
    expect(paths).not.toContain('prometheus/rules/alerts-logging.yml')
    const logging = await fleetFromYaml(PI_ONLY('logging: {sink: {type: loki, host: 10.0.0.2}}'))
    expect(prometheusRulesGenerator.generate(logging).files.map((f) => f.path)).toContain('prometheus/rules/alerts-logging.yml')
  })

  it('TLS expiry is watched when a server speaks https', async () => {
    expect((await rulesOutput('gpu-server')).files.map((f) => f.path)).toContain('prometheus/rules/alerts-tls.yml')
    expect((await rulesOutput('pi-cluster')).files.map((f) => f.path)).not.toContain('prometheus/rules/alerts-tls.yml')
  })

  it('drift alerts select every drift job, naming only those with thresholds of their own (by the job the Pushgateway carries)', async () => {
    const {files} = await rulesOutput('gpu-server')
    const drift = alertsOf(files).find((a) => a.alert === 'ModelDriftHigh')!
    expect(drift.expr).toBe('inferwatch_drift_kl_divergence > 0.2')
    const every = alertsOf((await rulesOutput('every-alert')).files).filter((a) => a.alert === 'ModelDriftHigh')
    expect(every.map((a) => a.expr)).toEqual(['inferwatch_drift_kl_divergence{job!="stable-drift"} > 0.2', 'inferwatch_drift_kl_divergence{job="stable-drift"} > 0.3'])
  })

  it('exports a recording-rule name for dashboards for exactly the rules the catalog records', () => {
    const catalogNames = mustLoad().recording.flatMap((g) => g.rules.map((r) => r.spec.record))
    expect(Object.values(RECORDED).sort()).toEqual([...catalogNames].sort())
  })

  it('exposes the instantiated rules for other generators (runbooks, dashboards)', async () => {
    const rules = fleetRules(await fleetNamed('mixed'))
    const p99s = rules.alerts.filter((a) => a.name === 'HighP99Latency')
    // llama.cpp and Ollama have latency from their logs; llama-blog has its own 6s objective.
    expect(p99s.map((a) => a.entities.map((e) => e.name))).toEqual([['llama-blog'], ['ollama-tools', 'vllm-canary', 'vllm-stable']])
    const p99 = p99s[1]!
    expect(p99.knobs).toEqual({threshold: {path: 'server.slo.latencyP99Seconds', value: 0.5}})
    expect(rules.recording.filter((r) => r.record === RECORDED.nodeTemperatureCelsius).map((r) => r.entities)).toEqual([
      ['Apple Silicon (Mac mini / Mac Studio)'],
      ['Linux server with NVIDIA GPU'],
      ['Raspberry Pi 5'],
    ])
  })

  it('is deterministic', async () => {
    const fleet = await fleetNamed('every-alert')
    expect(prometheusRulesGenerator.generate(fleet)).toEqual(prometheusRulesGenerator.generate(fleet))
  })
})
