import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {lintFiles} from '../../src/lint/run.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-kinds-'))
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

const MARK = '‸'

/** Lints `text` (with `‸` marking where metric/renamed must be reported) and returns the marked and reported positions. */
async function renamedAt(name: string, marked: string) {
  const at = marked.indexOf(MARK)
  const before = marked.slice(0, at)
  const file = join(dir, name)
  await writeFile(file, before + marked.slice(at + MARK.length))
  const result = await lintFiles({config: {}, files: [file]})
  return {
    expected: {col: at - before.lastIndexOf('\n'), line: before.split('\n').length},
    found: result.findings.filter((f) => f.check === 'metric/renamed').map((f) => ({col: f.col, line: f.line})),
    all: result.findings,
  }
}

const dashboardJson = (expr: string) =>
  JSON.stringify({panels: [{datasource: {type: 'prometheus', uid: '${ds}'}, fieldConfig: {defaults: {unit: 'celsius'}}, gridPos: {h: 8, w: 12, x: 0, y: 0}, id: 1, targets: [{expr, refId: 'A'}], title: 'Temp', type: 'timeseries'}], schemaVersion: 39, title: 'D'}, null, 2)

describe('each kind is recognised from its content, and positions inside it are the file’s', () => {
  it('a Kubernetes PrometheusRule', async () => {
    const r = await renamedAt('rule.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: pi}\nspec:\n  groups:\n    - name: pi\n      rules:\n        - record: node:temp:max\n          expr: max by (node) (‸node_thermal_zone_temp_celsius)\n')
    expect(r.found).toContainEqual(r.expected)
  })

  it('a rule file inside a ConfigMap block scalar', async () => {
    const r = await renamedAt('cm-rules.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rules}\ndata:\n  pi.rules.yml: |\n    groups:\n      - name: pi\n        rules:\n          - record: node:temp:max\n            expr: max(‸node_thermal_zone_temp_celsius)\n')
    expect(r.found).toContainEqual(r.expected)
  })

  it('a classic dashboard, through the JSON string escapes', async () => {
    // The escaped quotes before the name make the string's and the file's columns differ.
    const r = await renamedAt('dash.json', dashboardJson('max(node_thermal_zone_temp{type="cpu"}) or ‸node_thermal_zone_temp_celsius'))
    expect(r.found).toContainEqual(r.expected)
  })

  it('a dashboard embedded as JSON in a ConfigMap (Grafana sidecar)', async () => {
    const json = dashboardJson('max(‸node_thermal_zone_temp_celsius)').split('\n').map((l) => `    ${l}`).join('\n')
    const r = await renamedAt('cm-dash.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dash\n  labels: {grafana_dashboard: "1"}\ndata:\n  temp.json: |\n${json}\n`)
    expect(r.found).toContainEqual(r.expected)
  })

  it('a v2 dashboard (dashboard.grafana.app)', async () => {
    const v2 = `apiVersion: dashboard.grafana.app/v2beta1
kind: Dashboard
metadata: {name: d}
spec:
  title: D
  elements:
    panel-1:
      kind: Panel
      spec:
        id: 1
        title: Temp
        data:
          kind: QueryGroup
          spec:
            queries:
              - kind: PanelQuery
                spec:
                  refId: A
                  query:
                    kind: DataQuery
                    group: prometheus
                    spec:
                      expr: max(‸node_thermal_zone_temp_celsius)
        vizConfig: {kind: VizConfig, group: timeseries, spec: {fieldConfig: {defaults: {unit: celsius}}}}
  layout:
    kind: GridLayout
    spec:
      items:
        - kind: GridLayoutItem
          spec: {x: 0, y: 0, width: 12, height: 8, element: {kind: ElementReference, name: panel-1}}
`
    const r = await renamedAt('v2.yaml', v2)
    expect(r.found).toContainEqual(r.expected)
  })

  it('Grafana-provisioned alert rules', async () => {
    const r = await renamedAt(
      'alerting.yaml',
      `apiVersion: 1
groups:
  - orgId: 1
    name: pi
    folder: infra
    interval: 1m
    rules:
      - uid: pi-hot
        title: PiHot
        condition: B
        for: 5m
        labels: {severity: warning}
        annotations: {summary: hot, runbook_url: r}
        data:
          - refId: A
            datasourceUid: prom
            model:
              expr: max(‸node_thermal_zone_temp_celsius)
          - refId: B
            datasourceUid: __expr__
            model: {type: threshold, expression: A}
`,
    )
    expect(r.found).toContainEqual(r.expected)
    expect(r.all.filter((f) => f.severity !== 'info')).toHaveLength(1)
  })

  it('a Fluent Bit YAML config and a file_sd file are known kinds, an unknown file is an info finding', async () => {
    await writeFile(join(dir, 'fb.yaml'), 'service:\n  flush: 1\npipeline:\n  inputs:\n    - name: dummy\n      tag: t\n      mem_buf_limit: 1MB\n  outputs:\n    - name: stdout\n      match: t\n')
    await writeFile(join(dir, 'targets.json'), '[{"targets": ["a:9100"], "labels": {"node": "a"}}]\n')
    await writeFile(join(dir, 'random.json'), '{"hello": "world"}\n')
    const result = await lintFiles({config: {}, files: ['fb.yaml', 'targets.json', 'random.json'].map((f) => join(dir, f))})
    expect(result.findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.line}:${f.col} ${f.check}`)).toEqual(['random.json:1:1 lint/unknown-kind'])
  })

  it('Loki settings, index policies, Compose files, Kubernetes objects and systemd units are known kinds, as inferwatch writes them', async () => {
    await writeFile(join(dir, 'loki-limits.yaml'), 'limits_config:\n  retention_period: 14d\n')
    await writeFile(join(dir, 'ilm.json'), '{"policy": {"phases": {"delete": {"min_age": "30d", "actions": {"delete": {}}}}}}\n')
    await writeFile(join(dir, 'ism.json'), '{"policy": {"default_state": "hot", "states": [{"name": "hot", "actions": [], "transitions": []}]}}\n')
    await writeFile(join(dir, 'template.json'), '{"index_patterns": ["logs-*"], "template": {"settings": {}}}\n')
    await writeFile(join(dir, 'policy-like.json'), '{"policy": "allow"}\n')
    await writeFile(join(dir, 'compose.yaml'), 'services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n')
    await writeFile(join(dir, 'cronjob.yaml'), 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: drift}\n')
    // A drop-in's [Service] is systemd's, not Fluent Bit's [SERVICE]: no Fluent Bit finding may come of it.
    await writeFile(join(dir, 'inferwatch.conf'), '[Service]\nExecStart=\nExecStart=/opt/fluent-bit/bin/fluent-bit -c /etc/fluent-bit/fluent-bit.yaml\n')
    const files = ['loki-limits.yaml', 'ilm.json', 'ism.json', 'template.json', 'policy-like.json', 'compose.yaml', 'cronjob.yaml', 'inferwatch.conf']
    const result = await lintFiles({config: {}, files: files.map((f) => join(dir, f))})
    expect(result.findings.map((f) => `${f.file.slice(dir.length + 1)} ${f.check}`)).toEqual(['policy-like.json lint/unknown-kind'])
  })

  it('a file that does not parse is one finding with its position, and never a crash', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "panels": [\n    {"id": 1,, "type": "stat"}\n  ]\n}\n')
    await writeFile(join(dir, 'binary.yml'), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]))
    const result = await lintFiles({config: {}, files: [join(dir, 'broken.json'), join(dir, 'binary.yml')]})
    const broken = result.findings.filter((f) => f.file.endsWith('broken.json'))
    expect(broken.map((f) => `${f.line}:${f.col} ${f.check}`)).toEqual(['3:14 lint/parse-error'])
    expect(result.findings.filter((f) => f.file.endsWith('binary.yml'))).toHaveLength(1)
  })
})
