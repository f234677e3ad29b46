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
`)
  const {files} = prometheusRulesGenerator.generate(fleet)
  expect(alertsOf(files).find((a) => a.alert === 'NodeDown')!.expr).toBe('up{job="node",node=~"no|pi\\\\.02"} == 0')
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
