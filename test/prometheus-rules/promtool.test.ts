import {describe, expect, it} from 'vitest'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {writeOutput} from '../helpers/output.js'
import {FLEETS, rulesOutput} from './fleets.js'
import {alertsOf} from './output.js'
import {promtool} from './promtool.js'

// The acceptance criterion: the real promtool accepts every rule file (lint included) and every
// shipped unit test passes, i.e. each alert provably fires past its threshold and not inside it.
// Fleets run concurrently: promtool is the slow part and runs as a separate process.
describe.concurrent.each(FLEETS)('promtool on the rules of %s', (name) => {
  it('check rules accepts every rule file and test rules passes every unit test', async () => {
    const {files} = await rulesOutput(name)
    const dir = await tempDir()
    await writeOutput(dir, files)
    const rules = files.map((f) => f.path).filter((p) => p.startsWith('prometheus/rules/'))
    const tests = files.map((f) => f.path).filter((p) => p.startsWith('prometheus/tests/'))
    expect(rules).toContain('prometheus/rules/recording.yml')
    expect(tests.length).toBe(rules.length - 1)

    const [check, test] = await Promise.all([promtool(['check', 'rules', ...rules], dir), promtool(['test', 'rules', ...tests], dir)])
    expect(check.ok, check.output).toBe(true)
    expect(check.output).not.toMatch(/FAILED|duplicate/)
    expect(test.ok, test.output).toBe(true)
    expect(test.output.match(/SUCCESS/g)).toHaveLength(tests.length)
  })
})

// Names are data: a node called "no" (a YAML 1.1 boolean) or "pi.02" (a regex metacharacter)
// must survive the rule files, the test files and the selectors built from them.
it('keeps awkward fleet names intact through YAML and regex selectors', async () => {
  const fleet = await fleetFromYaml(`
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: awkward}
nodes:
  - name: "no"
    address: 10.0.0.1
    hardware: raspberry-pi-5
    labels: {site: "on", tenant: "yes"}
    modelServers:
      - {name: "off", runtime: llama-cpp, models: [{name: "null", version: "1.0", stage: stable}]}
  - name: pi.02
    address: 10.0.0.2
    hardware: raspberry-pi-5
  - name: g.1
    address: 10.0.0.3
    hardware: nvidia-gpu
    modelServers:
      - {name: v.1, runtime: vllm, port: 8001, models: [{name: m}], slo: {latencyP99: 6s}}
      - {name: v.2, runtime: vllm, port: 8002, models: [{name: m}], slo: {latencyP99: 6s}}
      - {name: v3, runtime: vllm, port: 8003, models: [{name: m}]}
      - {name: v4, runtime: vllm, port: 8004, models: [{name: m}]}
      - {name: v5, runtime: vllm, port: 8005, models: [{name: m}]}
`)
  const {files} = prometheusRulesGenerator.generate(fleet)
  expect(alertsOf(files).find((a) => a.alert === 'NodeDown')!.expr).toBe('up{job="node",hardware=~"nvidia-gpu|raspberry-pi-5"} == 0')
  // Names reach selectors only as exclusions and overrides, regex-escaped.
  expect(alertsOf(files).filter((a) => a.alert === 'HighP99Latency').map((a) => a.expr)).toEqual([
    'server:inferwatch_request_latency_seconds:p99_5m{server=~"v\\\\.1|v\\\\.2"} > 6',
    'server:inferwatch_request_latency_seconds:p99_5m{runtime="vllm",server!~"v\\\\.1|v\\\\.2"} > 0.5',
  ])
  const dir = await tempDir()
  await writeOutput(dir, files)
  const paths = files.map((f) => f.path)
  const [check, test] = await Promise.all([
    promtool(['check', 'rules', ...paths.filter((p) => p.startsWith('prometheus/rules/'))], dir),
    promtool(['test', 'rules', ...paths.filter((p) => p.startsWith('prometheus/tests/'))], dir),
  ])
  expect(check.ok, check.output).toBe(true)
  expect(test.ok, test.output).toBe(true)
})
