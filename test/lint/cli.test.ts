import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {execa} from 'execa'

import {CLI, runCli, STACK_FRAME} from '../helpers/cli.js'

let dir: string
const BROKEN_RULES = `# Rules pasted from a blog post.
groups:
  - name: pi
    rules:
      - alert: PiHot   # the classic
        expr: node_thermal_zone_temp_celsius > 80
        for: 5m
        labels: {severity: warning}
        annotations:
          summary: "Pi {{ $labels.instance }} is hot"
          runbook_url: https://runbooks.example/pi-hot
      - alert: TgiErrors
        expr: |
          sum by (job) (
            rate(tgi_request_failure_total[5m])
          ) > 0
        for: 5m
        labels: {severity: warning}
        annotations: {summary: TGI fails, runbook_url: r}
`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-cli-'))
  await writeFile(join(dir, 'rules.yml'), BROKEN_RULES)
  await writeFile(join(dir, 'clean.yml'), 'groups:\n  - name: ok\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n')
  await writeFile(join(dir, 'notes.yml'), 'shopping: [milk]\n')
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

describe('inferwatch lint (built CLI)', () => {
  it('prints file:line:col: severity id: message and exits 1 on errors', async () => {
    const result = await runCli(['lint', join(dir, 'rules.yml')])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(`${join(dir, 'rules.yml')}:6:15: error metric/renamed: node_thermal_zone_temp_celsius does not exist`)
    expect(result.stdout).toContain(`${join(dir, 'rules.yml')}:15:18: error metric/renamed: tgi_request_failure_total does not exist`)
    expect(result.stdout).not.toContain('\u001B[')
  })

  it('colours text only on a terminal, and not when NO_COLOR is set', async () => {
    // util-linux `script` gives the CLI a pseudo-terminal as stdout.
    const onTerminal = (env: Record<string, string>) => execa('script', ['-qec', `node ${CLI} lint ${join(dir, 'rules.yml')}`, '/dev/null'], {env, extendEnv: false, reject: false})
    const coloured = await onTerminal({PATH: process.env.PATH ?? ''})
    expect(coloured.stdout).toContain('\u001B[31merror\u001B[0m')
    const plain = await onTerminal({NO_COLOR: '1', PATH: process.env.PATH ?? ''})
    expect(plain.stdout).toContain('error metric/renamed')
    expect(plain.stdout).not.toContain('\u001B[')
  })

  it('exits 0 on a clean file and reports an unknown kind as info without failing', async () => {
    expect((await runCli(['lint', join(dir, 'clean.yml')])).exitCode).toBe(0)
    const unknown = await runCli(['lint', join(dir, 'notes.yml')])
    expect(unknown.exitCode).toBe(0)
    expect(unknown.stdout).toContain('notes.yml:1:1: info lint/unknown-kind')
    expect((await runCli(['lint', join(dir, 'notes.yml'), '--fail-on', 'info'])).exitCode).toBe(1)
  })

  it('exits 2 without a stack trace for a path that does not exist', async () => {
    const result = await runCli(['lint', join(dir, 'nope.yml')])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('nope.yml:1:1: no such file or folder')
    expect(result.stderr).not.toMatch(STACK_FRAME)
  })

  it('writes json, github annotations and sarif', async () => {
    const json = JSON.parse((await runCli(['lint', join(dir, 'rules.yml'), '--format', 'json'])).stdout) as {findings: {check: string; line: number; col: number; fixable: boolean}[]}
    expect(json.findings).toContainEqual(expect.objectContaining({check: 'metric/renamed', col: 15, fixable: true, line: 6}))
    const github = (await runCli(['lint', join(dir, 'rules.yml'), '--format', 'github'])).stdout
    expect(github).toContain(`::error file=${join(dir, 'rules.yml')},line=6,col=15,title=metric/renamed::node_thermal_zone_temp_celsius does not exist`)
    const sarif = JSON.parse((await runCli(['lint', join(dir, 'rules.yml'), '--format', 'sarif'])).stdout) as {version: string; runs: {results: {ruleId: string}[]}[]}
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('metric/renamed')
  })

  it('--explain prints the paragraph and how to disable the check', async () => {
    const result = await runCli(['lint', '--explain', 'metric/renamed'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('node_thermal_zone_temp')
    expect(result.stdout).toContain('# inferwatch-disable-next-line metric/renamed')
    expect((await runCli(['lint', '--explain', 'no/such'])).exitCode).toBe(2)
  })

  it('--fix renames the metrics in place, keeping comments and layout, and the file then lints clean of them', async () => {
    const file = join(dir, 'fix-me.yml')
    await writeFile(file, BROKEN_RULES)
    const result = await runCli(['lint', file, '--fix'])
    expect(result.stderr).toContain(`fixed ${file}`)
    const fixed = await readFile(file, 'utf8')
    expect(fixed).toBe(BROKEN_RULES.replace('node_thermal_zone_temp_celsius', 'node_thermal_zone_temp').replace('tgi_request_failure_total', 'tgi_request_failure'))
    expect(result.exitCode).toBe(0)
  })

  it('honours .inferwatch-lint.yaml in the current folder and inline disable comments', async () => {
    const folder = await mkdtemp(join(dir, 'cfg-'))
    await writeFile(join(folder, '.inferwatch-lint.yaml'), 'disable: [metric/renamed]\n')
    await writeFile(join(folder, 'rules.yml'), BROKEN_RULES)
    expect((await runCli(['lint', 'rules.yml'], {cwd: folder})).stdout).not.toContain('metric/renamed')
    const inline = BROKEN_RULES.replace('      - alert: PiHot', '      # inferwatch-disable-next-line rule/missing-severity\n      - alert: PiHot').replace(
      '        expr: node_thermal',
      '        # inferwatch-disable-next-line metric/renamed\n        expr: node_thermal',
    )
    await writeFile(join(dir, 'inline.yml'), inline)
    const result = await runCli(['lint', join(dir, 'inline.yml'), '--format', 'json'])
    const checks = (JSON.parse(result.stdout) as {findings: {check: string; line: number}[]}).findings.map((f) => `${f.check}:${f.line}`)
    expect(checks).toEqual(['metric/renamed:17'])
  })

  it('lints the current folder by default, and an invalid --fleet is unusable input (exit 2)', async () => {
    const folder = await mkdtemp(join(dir, 'default-'))
    await writeFile(join(folder, 'rules.yml'), BROKEN_RULES)
    const linted = await runCli(['lint'], {cwd: folder})
    expect(linted.exitCode).toBe(1)
    expect(linted.stdout).toContain('rules.yml:6:15: error metric/renamed')
    await writeFile(join(folder, 'fleet.yaml'), 'apiVersion: inferwatch/v1\nkind: Fleet\nmetadata: {name: x}\nnodez: []\n')
    const badFleet = await runCli(['lint', 'rules.yml', '--fleet', 'fleet.yaml'], {cwd: folder})
    expect(badFleet.exitCode).toBe(2)
    expect(badFleet.stderr).toContain('fleet.yaml:4:1')
  })

  it('rejects a lint config with an unknown check id, with its position', async () => {
    const folder = await mkdtemp(join(dir, 'bad-cfg-'))
    await writeFile(join(folder, '.inferwatch-lint.yaml'), 'disable:\n  - metric/renaimed\n')
    const result = await runCli(['lint', '.'], {cwd: folder})
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('.inferwatch-lint.yaml:2:5')
  })
})
