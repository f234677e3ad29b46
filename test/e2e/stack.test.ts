import {spawnSync} from 'node:child_process'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {parseDuration} from '../../src/schema/primitives.js'
import {type DashboardJson, interpolateVariables, queriesOf} from '../grafana/dashboard-json.js'
import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/fleet.js'
import {freePort, getJson, Processes, waitFor} from './processes.js'
import {startLlamaCpp, startVllm, startWebhook, type StandIn} from './stand-ins.js'

/**
 * The generated setup, run for real: Prometheus, Alertmanager, node_exporter, blackbox_exporter and
 * the Pushgateway from Debian on free loopback ports, scraping stand-in vLLM and llama.cpp servers.
 * The fleet's own short intervals and `defaults.alerts.<name>.for` keep it within a minute or two.
 */

const BINARIES = ['prometheus', 'prometheus-alertmanager', 'prometheus-node-exporter', 'prometheus-blackbox-exporter', 'prometheus-pushgateway']
const missing = BINARIES.filter((b) => spawnSync(b, ['--version']).status !== 0)

/** Alertmanager's major.minor, which the fleet declares so the generated config fits it. */
function alertmanagerVersion(): string {
  const out = spawnSync('prometheus-alertmanager', ['--version'], {encoding: 'utf8'})
  return /version (\d+\.\d+)/.exec(`${out.stdout}${out.stderr}`)?.[1] ?? '0.25'
}

interface Ports {
  node: number
  vllm: number
  llama: number
  prometheus: number
  alertmanager: number
  blackbox: number
  pushgateway: number
  webhook: number
}

function fleetYaml(ports: Ports, dir: string, amVersion: string): string {
  return `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: e2e, environment: test}
defaults:
  scrapeInterval: 1s
  scrapeTimeout: 1s
  evaluationInterval: 1s
  slo: {latencyP99: 2s}
  alerts:
    HighP99Latency: {for: 5s}
    ModelServerDown: {for: 5s}
    HighErrorRatio: {for: 5s}
nodes:
  - name: box
    address: 127.0.0.1
    hardware: generic-linux
    labels: {site: lab}
    exporters:
      node-exporter: {port: ${ports.node}}
      textfile: {enabled: true, directory: ${dir}/textfile}
    modelServers:
      - name: vllm-chat
        runtime: vllm
        port: ${ports.vllm}
        models: [{name: llama-3.1-8b-instruct}]
      - name: llama-edge
        runtime: llama-cpp
        port: ${ports.llama}
        models: [{name: qwen2.5-1.5b}]
prometheus:
  url: http://127.0.0.1:${ports.prometheus}
  alertmanagers: ["127.0.0.1:${ports.alertmanager}"]
  blackboxAddress: "127.0.0.1:${ports.blackbox}"
pushgateway:
  url: http://127.0.0.1:${ports.pushgateway}
alerting:
  alertmanagerVersion: "${amVersion}"
  groupWait: 1s
  groupInterval: 1s
  repeatInterval: 1m
  receivers:
    - name: ops-hook
      webhook: {urlFile: ${dir}/secrets/webhook-url}
`
}

// CI installs them (.ci/run), so there a missing binary fails the test instead of skipping it.
describe.skipIf(missing.length > 0 && !process.env.CI)(`the generated stack, running (needs ${BINARIES.join(', ')})`, () => {
  const processes = new Processes()
  const standIns: {stop(): Promise<void>}[] = []
  let ports: Ports
  let dir: string
  let fleetFile: string
  let out: string
  let vllm: StandIn
  let llama: StandIn
  let webhook: Awaited<ReturnType<typeof startWebhook>>
  const prometheusUrl = () => `http://127.0.0.1:${ports.prometheus}`
  const alertmanagerUrl = () => `http://127.0.0.1:${ports.alertmanager}`

  beforeAll(async () => {
    const chosen = await Promise.all(Array.from({length: 8}, () => freePort()))
    // Kernel-chosen ports are distinct while held; re-check, since each was released before the next.
    if (new Set(chosen).size !== chosen.length) throw new Error(`port collision: ${chosen.join(',')}`)
    const [node, vllmPort, llamaPort, prometheus, alertmanager, blackbox, pushgateway, webhookPort] = chosen as [number, number, number, number, number, number, number, number]
    ports = {alertmanager, blackbox, llama: llamaPort, node, prometheus, pushgateway, vllm: vllmPort, webhook: webhookPort}
    dir = await tempDir('inferwatch-e2e-')
    await mkdir(join(dir, 'textfile'))
    await mkdir(join(dir, 'secrets'))
    await writeFile(join(dir, 'secrets', 'webhook-url'), `http://127.0.0.1:${ports.webhook}/hook\n`)
    fleetFile = join(dir, 'fleet.yaml')
    const amVersion = alertmanagerVersion()
    await writeFile(fleetFile, fleetYaml(ports, dir, amVersion))
    out = join(dir, 'out')
    const generated = await runCli(['generate', fleetFile, '--out', out])
    expect(generated.exitCode, generated.stderr).toBe(0)

    // Everything runs exactly as generated: prometheus.url and pushgateway.url name the ports chosen here.
    const amConfig = join(out, 'alertmanager', 'alertmanager.yml')
    if (!/url_file:/.test((await readFile(amConfig, 'utf8')).replace(/^\s*#.*$/gm, ''))) {
      // Alertmanager 0.25 cannot read a webhook URL from a file, so the generated config carries the
      // webhook as a comment; an operator on 0.25 uncomments it with the URL itself, as done here.
      await writeFile(amConfig, uncommentWebhook(await readFile(amConfig, 'utf8'), `http://127.0.0.1:${ports.webhook}/hook`))
    }

    // Each is registered as soon as it runs, so afterAll stops it even if a later one fails.
    vllm = await startVllm(ports.vllm, 'llama-3.1-8b-instruct')
    standIns.push(vllm)
    llama = await startLlamaCpp(ports.llama)
    standIns.push(llama)
    webhook = await startWebhook(ports.webhook)
    standIns.push(webhook)

    const at = (port: number) => `127.0.0.1:${port}`
    processes.start('node_exporter', 'prometheus-node-exporter', [`--web.listen-address=${at(ports.node)}`, `--collector.textfile.directory=${dir}/textfile`])
    await standInTemperature(ports.node, join(dir, 'textfile'))
    processes.start('blackbox_exporter', 'prometheus-blackbox-exporter', [`--config.file=${join(out, 'blackbox', 'blackbox.yml')}`, `--web.listen-address=${at(ports.blackbox)}`])
    processes.start('pushgateway', 'prometheus-pushgateway', [`--web.listen-address=${at(ports.pushgateway)}`])
    processes.start('alertmanager', 'prometheus-alertmanager', [
      `--config.file=${amConfig}`,
      `--storage.path=${join(dir, 'alertmanager-data')}`,
      `--web.listen-address=${at(ports.alertmanager)}`,
      '--cluster.listen-address=',
    ])
    processes.start('prometheus', 'prometheus', [
      `--config.file=${join(out, 'prometheus', 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
      `--web.listen-address=${at(ports.prometheus)}`,
    ])
    await waitFor('Prometheus to be ready', 30_000, async () => ((await fetch(`${prometheusUrl()}/-/ready`)).ok ? true : undefined), () => processes.logs())
    await waitFor('Alertmanager to be ready', 30_000, async () => ((await fetch(`${alertmanagerUrl()}/-/ready`)).ok ? true : undefined), () => processes.logs())
  })

  afterAll(async () => {
    await processes.stopAll()
    await Promise.all(standIns.map((s) => s.stop()))
  })

  it('scrapes every generated target and evaluates every generated rule group without errors', async () => {
    const targets = await waitFor('every target up', 60_000, async () => {
      const body = await getJson<{data: {activeTargets: {labels: Record<string, string>; health: string; lastError: string}[]}}>(`${prometheusUrl()}/api/v1/targets`)
      const all = body.data.activeTargets
      return all.length > 0 && all.every((t) => t.health === 'up') ? all : undefined
    }, () => processes.logs())
    const jobs = [...new Set(targets.map((t) => t.labels.job))].sort()
    // No drift jobs, so no Pushgateway job.
    expect(jobs).toEqual(['model-llama-cpp', 'model-vllm', 'node', 'probe-health', 'prometheus'])

    // A group with an interval of its own (the long SLO windows, once a minute) first runs up to
    // that long after Prometheus starts.
    const groups = await waitFor('every rule evaluated', 30_000 + (await longestGroupIntervalMs(out)), async () => {
      const body = await getJson<{data: {groups: {name: string; rules: {name: string; health: string; lastError?: string}[]}[]}}>(`${prometheusUrl()}/api/v1/rules`)
      const rules = body.data.groups.flatMap((g) => g.rules)
      return rules.length > 0 && rules.every((r) => r.health !== 'unknown') ? body.data.groups : undefined
    })
    const unhealthy = groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.lastError}`))
    expect(unhealthy).toEqual([])
    expect(groups.map((g) => g.name)).toContain('inferwatch.recording.serving')
  })

  it('answers every dashboard query, and the latency quantiles dashboards compute from the vLLM histogram have data', async () => {
    const queries: {at: string; query: string}[] = []
    for (const file of (await readdir(join(out, 'grafana', 'dashboards'))).filter((f) => f.endsWith('.json')).sort()) {
      const dashboard = JSON.parse(await readFile(join(out, 'grafana', 'dashboards', file), 'utf8')) as DashboardJson
      for (const {expr, language, panel} of queriesOf(dashboard)) {
        if (language === 'prometheus') queries.push({at: `${file} / ${panel.title}`, query: interpolateVariables(dashboard, expr)})
      }
    }
    const ask = (query: string) =>
      getJson<{status: string; error?: string; data: {result: unknown[]}}>(`${prometheusUrl()}/api/v1/query?query=${encodeURIComponent(query)}`).catch(
        (error: Error) => ({data: {result: []}, error: error.message, status: 'error'}),
      )
    // Quantiles from the raw histogram, as the serving dashboards compute them (no recorded bucket rates).
    const latency = queries.filter(({query}) => /^histogram_quantile\(0\.\d+, sum by \(le[^)]*\) \(rate\(vllm:e2e_request_latency_seconds_bucket/.test(query))
    expect(latency.length).toBeGreaterThan(0)
    // A rate needs two scrapes in its window.
    await waitFor('the vLLM latency quantiles to have data', 90_000, async () => ((await ask(latency[0]!.query)).data.result.length > 0 ? true : undefined))
    const failed: string[] = []
    for (const {at, query} of queries) {
      const body = await ask(query)
      if (body.status !== 'success') failed.push(`${at}: ${body.error} (${query})`)
    }
    expect(failed).toEqual([])
  })

  it('passes `inferwatch verify` against the running Prometheus and Alertmanager', async () => {
    // Rate windows need two samples before recorded series exist: allow a few scrapes.
    let last = ''
    const result = await waitFor('verify to pass', 30_000, async () => {
      const run = await runCli(['verify', '--out', out, '--prometheus', prometheusUrl(), '--alertmanager', alertmanagerUrl()])
      last = `${run.stdout}\n${run.stderr}`
      return run.exitCode === 0 ? run : undefined
    }, () => last)
    expect(result.stdout).toMatch(/^ok: \d+ targets, \d+ rule groups, \d+ metrics, 1 receivers match the fleet$/m)
    const json = await runCli(['verify', '--out', out, '--prometheus', prometheusUrl(), '--alertmanager', alertmanagerUrl(), '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ok: true, problems: []})
  })

  it('fires HighP99Latency when vLLM turns slow, and Alertmanager notifies the webhook', async () => {
    vllm.mode = 'slow'
    const firing = await waitFor('HighP99Latency to fire', 60_000, async () => {
      const body = await getJson<{data: {alerts: {labels: Record<string, string>; state: string}[]}}>(`${prometheusUrl()}/api/v1/alerts`)
      return body.data.alerts.find((a) => a.labels.alertname === 'HighP99Latency' && a.state === 'firing')
    })
    expect(firing.labels).toMatchObject({server: 'vllm-chat', severity: 'warning'})
    const inAlertmanager = await waitFor('the alert in Alertmanager', 30_000, async () => {
      const alerts = await getJson<{labels: Record<string, string>; receivers: {name: string}[]}[]>(`${alertmanagerUrl()}/api/v2/alerts`)
      return alerts.find((a) => a.labels.alertname === 'HighP99Latency')
    })
    expect(inAlertmanager.receivers.map((r) => r.name)).toEqual(['ops-hook'])
    const notified = await waitFor('the webhook notification', 30_000, async () =>
      webhook.received.flatMap((n) => n.alerts).find((a) => a.labels.alertname === 'HighP99Latency' && a.status === 'firing'),
    )
    expect(notified.labels.server).toBe('vllm-chat')
    vllm.mode = 'healthy'
  })

  it('fires HighErrorRatio when vLLM fails its requests', async () => {
    vllm.mode = 'failing'
    const firing = await waitFor('HighErrorRatio to fire', 60_000, async () => {
      const body = await getJson<{data: {alerts: {labels: Record<string, string>; state: string}[]}}>(`${prometheusUrl()}/api/v1/alerts`)
      return body.data.alerts.find((a) => a.labels.alertname === 'HighErrorRatio' && a.state === 'firing')
    })
    expect(firing.labels).toMatchObject({server: 'vllm-chat'})
    vllm.mode = 'healthy'
  })

  it('fires ModelServerDown when the llama.cpp server stops', async () => {
    await llama.stop()
    const firing = await waitFor('ModelServerDown to fire', 60_000, async () => {
      const body = await getJson<{data: {alerts: {labels: Record<string, string>; state: string}[]}}>(`${prometheusUrl()}/api/v1/alerts`)
      return body.data.alerts.find((a) => a.labels.alertname === 'ModelServerDown' && a.labels.server === 'llama-edge' && a.state === 'firing')
    })
    expect(firing.labels).toMatchObject({runtime: 'llama-cpp', server: 'llama-edge', severity: 'critical'})
  })

  it('makes `inferwatch verify` fail, naming the metric, the rule and the exporter, when a metric disappears', async () => {
    // As after an upstream rename: vLLM stops serving the queue-depth gauge the rules read.
    vllm.omit.add('vllm:num_requests_waiting')
    const run = await waitFor('verify to fail on the metric', 30_000, async () => {
      const r = await runCli(['verify', '--out', out, '--prometheus', prometheusUrl()])
      return r.exitCode === 1 && r.stdout.includes('vllm:num_requests_waiting') ? r : undefined
    })
    const line = run.stdout.split('\n').find((l) => l.includes('vllm:num_requests_waiting'))!
    expect(line).toMatch(/^metric: vllm:num_requests_waiting has no series, but /)
    expect(line).toContain('alert QueueSaturated (through server:inferwatch_queue_depth:sum)')
    expect(line).toContain('expected from vLLM (job model-vllm)')
    // The stopped llama.cpp server is reported with Prometheus' own scrape error.
    expect(run.stdout).toMatch(/^target: model-llama-cpp 127\.0\.0\.1:\d+: down \(http:\/\/127\.0\.0\.1:\d+\/metrics\): .*connection refused/m)
    vllm.omit.clear()
  })
})

/**
 * A container or VM often has no hardware sensor, and then node_exporter has no
 * node_hwmon_temp_celsius for the temperature rules to read. Only then, a textfile stands in for
 * the sensor, with node_exporter's own HELP text (node_exporter collector/hwmon_linux.go).
 */
async function standInTemperature(nodePort: number, textfileDir: string): Promise<void> {
  const metrics = await waitFor('node_exporter to answer', 15_000, async () => {
    const response = await fetch(`http://127.0.0.1:${nodePort}/metrics`)
    return response.ok ? response.text() : undefined
  })
  if (/^node_hwmon_temp_celsius\{/m.test(metrics)) return
  await writeFile(
    join(textfileDir, 'stand-in-sensor.prom'),
    '# HELP node_hwmon_temp_celsius Hardware monitor for temperature (input)\n# TYPE node_hwmon_temp_celsius gauge\nnode_hwmon_temp_celsius{chip="stand_in",sensor="temp1"} 45\n',
  )
}

/** The generated comment's webhook_configs, live, with `url` instead of `url_file`. */
function uncommentWebhook(config: string, url: string): string {
  const lines = config.split('\n')
  const start = lines.findIndex((l) => /^\s*#\s*webhook_configs:/.test(l))
  if (start < 0) throw new Error('no commented webhook in the generated alertmanager.yml')
  const indent = /^(\s*)#/.exec(lines[start]!)![1]!
  for (let i = start; i < lines.length && lines[i]!.trimStart().startsWith('#'); i++) {
    lines[i] = indent + lines[i]!.trimStart().slice(1).replace(/^ /, '').replace(/url_file: .*/, `url: ${url}`)
  }
  return lines.join('\n')
}

/** The longest `interval` a generated rule group sets for itself, in milliseconds (0 when none does). */
async function longestGroupIntervalMs(out: string): Promise<number> {
  const dir = join(out, 'prometheus', 'rules')
  let longest = 0
  for (const file of await readdir(dir)) {
    for (const [, interval] of (await readFile(join(dir, file), 'utf8')).matchAll(/^\s+interval: (\S+)$/gm)) longest = Math.max(longest, (parseDuration(interval!) ?? 0) * 1000)
  }
  return longest
}
