import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runLint} from '../../src/lint/index.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-fix-'))
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

async function fix(name: string, text: string) {
  const file = join(dir, name)
  await writeFile(file, text)
  const outcome = await runLint({colour: false, cwd: dir, failOn: 'error', fix: true, format: 'json', paths: [file], version: '0'})
  if (outcome.kind !== 'linted') throw new Error('unusable')
  return {after: await readFile(file, 'utf8'), outcome}
}

describe('--fix', () => {
  it('edits inside a JSON dashboard string, escapes and layout untouched', async () => {
    const dashboard = '{\n  "title": "d",\n  "panels": [\n    {"id": 1, "type": "stat", "title": "t", "fieldConfig": {"defaults": {"unit": "celsius"}},\n     "targets": [{"expr": "max(node_thermal_zone_temp_celsius{type=\\"cpu\\", zone=pi})"}]}\n  ]\n}\n'
    const {after, outcome} = await fix('dash.json', dashboard)
    expect(after).toBe(dashboard.replace('node_thermal_zone_temp_celsius', 'node_thermal_zone_temp').replace('zone=pi', "zone='pi'"))
    expect(outcome.kind === 'linted' && outcome.fixed).toEqual([join(dir, 'dash.json')])
  })

  it('fixes a block scalar in place and keeps comments', async () => {
    const rules = 'groups:\n  - name: g # the group\n    rules:\n      - record: job:tgi:rate5m\n        # requests per job\n        expr: |\n          sum by (job) (\n            rate(tgi_request_count_total[5m])  # no _total on TGI\n          )\n'
    const {after} = await fix('rules.yml', rules)
    expect(after).toBe(rules.replace('tgi_request_count_total', 'tgi_request_count'))
  })

  it('undoes a fix that would make the file unparsable (quotes inside a single-quoted YAML scalar)', async () => {
    const rules = "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: 'sum(up{job=node})'\n"
    const {after, outcome} = await fix('quoted.yml', rules)
    expect(after).toBe(rules)
    expect(outcome.kind === 'linted' && outcome.fixed).toEqual([])
    expect(outcome.kind === 'linted' && outcome.output).toContain('promql/unquoted-label-value')
  })
})
