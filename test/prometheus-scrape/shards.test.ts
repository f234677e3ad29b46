import {spawn} from 'node:child_process'
import {readFile, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'

import {runGenerators} from '../../src/generators/run-generators.js'
import {mustParsePromql, vectorSelectors} from '../../src/generators/prometheus-rules/promql.js'
import type {OutputFile} from '../../src/generators/types.js'
import {examplePath, fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {fileByPath, writeOutput} from '../helpers/output.js'
import {promtoolCheckConfig} from '../helpers/real-tools.js'
import {promtool} from '../prometheus-rules/promtool.js'
import {alertsOf, type RuleFile} from '../prometheus-rules/output.js'

// With prometheus.shards, each shard records over its share of the targets; the alerts, which
// compare targets and look for missing series, run where the shards meet: a global Prometheus that
// federates them, or the ruler of the long-term store they write to.

async function mixedWith(prometheus: Record<string, unknown>): Promise<OutputFile[]> {
  const mixed = parse(await readFile(examplePath('mixed'), 'utf8')) as Record<string, unknown>
  return runGenerators(await fleetFromYaml(stringify({...mixed, prometheus})))
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })

describe('shards without a long-term store: a global Prometheus federates them', () => {
  it('federates exactly the series the alerts read, alerts on them, and passes promtool check config', async () => {
    const files = await mixedWith({shards: 3})
    const config = parse(fileByPath(files, 'prometheus/global/prometheus.yml').content) as {
      rule_files: string[]
      alerting: unknown
      scrape_configs: {job_name: string; honor_labels: boolean; metrics_path: string; params: {'match[]': string[]}; static_configs: {targets: string[]}[]}[]
    }
    expect(config.rule_files).toEqual(['../rules/alerts-*.yml'])
    expect(config.alerting).toBeDefined()
    const [federate, ...more] = config.scrape_configs
    expect(more).toEqual([])
    expect(federate).toMatchObject({honor_labels: true, job_name: 'federate-shards', metrics_path: '/federate'})
    expect(federate!.static_configs[0]!.targets).toEqual(['prometheus-shard-0:9090', 'prometheus-shard-1:9090', 'prometheus-shard-2:9090'])
    const read = new Set(alertsOf(files).flatMap((a) => vectorSelectors(mustParsePromql(a.expr)).map((s) => s.name)))
    expect(federate!.params['match[]']).toEqual([...read].sort().map((name) => `{__name__="${name}"}`))
    expect(read).toContain('server:inferwatch_request_latency_seconds:p99_5m')
    const dir = await tempDir()
    await writeOutput(dir, files)
    const check = await promtoolCheckConfig(dir, 'prometheus/global/prometheus.yml')
    expect(check.ok, check.output).toBe(true)
  })

  it('starts as a real Prometheus on loopback with every alert group loaded', async () => {
    const files = await mixedWith({shards: 2})
    const dir = await tempDir()
    await writeOutput(dir, files)
    const port = await freePort()
    const server = spawn('prometheus', [
      `--config.file=${join(dir, 'prometheus/global/prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ])
    let log = ''
    server.stderr.on('data', (chunk) => (log += chunk))
    try {
      let groups: string[] = []
      for (let attempt = 0; attempt < 60 && groups.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500))
        const body = await fetch(`http://127.0.0.1:${port}/api/v1/rules`).then((r) => r.json() as Promise<{data: {groups: {name: string}[]}}>, () => undefined)
        groups = body?.data.groups.map((g) => g.name) ?? []
      }
      const areas = files.filter((f) => /^prometheus\/rules\/alerts-/.test(f.path)).map((f) => (parse(f.content) as RuleFile).groups[0]!.name)
      expect(groups.sort(), log.slice(-2000)).toEqual(areas.sort())
    } finally {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('exit', resolve))
    }
  })
})

describe('shards that write to Mimir: its ruler alerts', () => {
  const mimir = {shards: 3, remoteWrite: [{kind: 'mimir', name: 'mimir', tenant: 'agency', url: 'https://mimir.example.com/api/v1/push'}]}

  it('writes every alert group into one namespace for mimirtool, and no global Prometheus', async () => {
    const files = await mixedWith(mimir)
    expect(files.map((f) => f.path)).not.toContain('prometheus/global/prometheus.yml')
    const ruler = parse(fileByPath(files, 'prometheus/ruler/mimir.yml').content) as RuleFile & {namespace: string}
    expect(ruler.namespace).toBe('inferwatch-mixed')
    const alertFiles = files.filter((f) => /^prometheus\/rules\/alerts-/.test(f.path)).flatMap((f) => (parse(f.content) as RuleFile).groups)
    const byName = (groups: RuleFile['groups']) => [...groups].sort((a, b) => (a.name < b.name ? -1 : 1))
    expect(byName(ruler.groups)).toEqual(byName(alertFiles))
    // The groups are Prometheus rule groups: promtool checks them once the mimirtool namespace key is off.
    const dir = await tempDir()
    await writeFile(join(dir, 'groups.yml'), stringify({groups: ruler.groups}))
    const check = await promtool(['check', 'rules', 'groups.yml'], dir)
    expect(check.ok, check.output).toBe(true)
  })

  it('says in the generated README how to load them', async () => {
    const files = await mixedWith(mimir)
    const readme = fileByPath(files, 'README.md').content
    expect(readme).toContain('mimirtool rules load --address=https://mimir.example.com --id=agency prometheus/ruler/mimir.yml')
    expect(readme).toContain('the Mimir ruler')
  })
})
