import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {createHash} from 'node:crypto'
import {appendFile, readFile, writeFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import {createServer as createNetServer, type AddressInfo} from 'node:net'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {PACKAGE_ROOT} from '../../src/package-root.js'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {FLUENT_BIT} from '../helpers/fluent-bit.js'
import {installNode} from '../helpers/output.js'
import {generate} from './fleets.js'

/*
 * The real thing: Fluent Bit runs a generated config whose inputs tail fixture logs of llama-server
 * and Ollama, ships to a Loki stand-in on 127.0.0.1 and serves the metrics it derives. Loki's push
 * API takes protobuf+snappy or JSON; Fluent Bit's loki output sends JSON (optionally gzip), which
 * the stand-in decodes. Everything is bounded in time and stopped in afterAll, also on failure.
 */

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'logs')
const DEADLINE_MS = 40_000

interface Push {
  tenant: string | undefined
  contentType: string | undefined
  streams: {stream: Record<string, string>; values: [string, string][]}[]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function lokiStandIn(pushes: Push[]): Promise<{server: Server; port: number}> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body = Buffer.concat(chunks)
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body)
      if (req.url === '/loki/api/v1/push' && req.method === 'POST') {
        const parsed = JSON.parse(body.toString('utf8')) as {streams: Push['streams']}
        pushes.push({contentType: req.headers['content-type'], streams: parsed.streams, tenant: req.headers['x-scope-orgid'] as string | undefined})
      }
      res.writeHead(204).end()
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({port: (server.address() as AddressInfo).port, server})))
}

async function get(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, {signal: AbortSignal.timeout(2000)})
    return response.ok ? await response.text() : undefined
  } catch {
    return undefined
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, log: () => string): Promise<T> {
  const end = Date.now() + DEADLINE_MS
  while (Date.now() < end) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`timed out waiting for ${what}; Fluent Bit said:\n${log()}`)
}

/** `name{labels} value` samples of a Prometheus text exposition whose labels include `want`. */
function samples(text: string, name: string, want: Record<string, string>): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
    if (Object.entries(want).every(([k, v]) => labels[k] === v)) out.set(labels.le ?? '', Number(match[3]))
  }
  return out
}

const hasMetrics = (text: string | undefined, name: string, server: string, count: number) =>
  text !== undefined && samples(text, name, {server}).get('+Inf') === count

describe.skipIf(!FLUENT_BIT.binary)(`a real Fluent Bit run${FLUENT_BIT.binary ? '' : ` (skipped: ${FLUENT_BIT.reason})`}`, () => {
  const pushes: Push[] = []
  let loki: {server: Server; port: number}
  let fluentBit: ChildProcess | undefined
  let output = ''
  let metrics = ''
  let ownMetrics = ''
  const log = () => output.slice(-4000)

  beforeAll(async () => {
    const dir = await tempDir('inferwatch-fluent-bit-run-')
    loki = await lokiStandIn(pushes)
    const [httpPort, metricsPort] = [await freePort(), await freePort()]
    const llamaLog = join(dir, 'llama-server.log')
    const ollamaLog = join(dir, 'ollama.log')
    await writeFile(llamaLog, '')
    await writeFile(ollamaLog, '')
    const fleet = await fleetFromYaml(`
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: real-run}
nodes:
  - name: box
    address: 127.0.0.1
    hardware: generic-linux
    labels: {site: lab}
    modelServers:
      - {name: llama-box, runtime: llama-cpp, models: [{name: qwen, version: q4, stage: stable}]}
      - {name: ollama-box, runtime: ollama, models: [{name: llama3}]}
logging:
  sink: {type: loki, host: 127.0.0.1, port: ${loki.port}, tenantId: lab}
  sources: [model-servers]
  retention: {default: 14d, audit: 90d}
  retentionMatch: {audit: {servers: [ollama-box]}}
  prompts: hash
  redact: ['WC%-%d%d%d%d+']
  drop: ['all slots are idle']
  logFiles: {llama-box: ${llamaLog}, ollama-box: ${ollamaLog}}
  stateDirectory: ${dir}/state
  httpPort: ${httpPort}
  metricsPort: ${metricsPort}
`)
    // Run what the node installs: its config beside the shared Lua filter, as a deploy lays them out.
    const root = await installNode(join(dir, 'box'), generate(fleet), 'box')
    fluentBit = spawn(FLUENT_BIT.binary!, ['-c', join(root, 'etc/fluent-bit/fluent-bit.yaml')], {stdio: ['ignore', 'pipe', 'pipe']})
    fluentBit.stdout!.on('data', (d: Buffer) => (output += d.toString()))
    fluentBit.stderr!.on('data', (d: Buffer) => (output += d.toString()))
    await until('the health endpoint', async () => ((await get(`http://127.0.0.1:${httpPort}/api/v1/health`)) ? true : undefined), log)
    // Tail starts at the end of existing files (read_from_head off): append, as a running server would.
    await appendFile(llamaLog, await readFile(join(FIXTURES, 'llama-server.log')))
    await appendFile(ollamaLog, await readFile(join(FIXTURES, 'ollama.log')))
    metrics = await until(
      'the log-derived metrics',
      async () => {
        const text = await get(`http://127.0.0.1:${metricsPort}/metrics`)
        const done =
          hasMetrics(text, 'inferwatch_log_request_duration_seconds_bucket', 'llama-box', 3) &&
          hasMetrics(text, 'inferwatch_log_request_duration_seconds_bucket', 'ollama-box', 3) &&
          hasMetrics(text, 'inferwatch_log_generated_tokens_bucket', 'llama-box', 3) &&
          samples(text!, 'inferwatch_log_request_errors_total', {server: 'ollama-box'}).size === 1 &&
          samples(text!, 'inferwatch_log_request_errors_total', {server: 'llama-box'}).size === 1
        return done ? text : undefined
      },
      log,
    )
    const lines = () => pushes.flatMap((p) => p.streams.flatMap((s) => s.values)).length
    // 17 llama lines minus the dropped idle line, 4 Ollama lines.
    await until('the Loki pushes', async () => (lines() >= 20 ? true : undefined), log)
    ownMetrics = await until(
      'Fluent Bit’s own metrics',
      async () => {
        const text = await get(`http://127.0.0.1:${httpPort}/api/v2/metrics/prometheus`)
        return text && (samples(text, 'fluentbit_output_proc_records_total', {name: 'loki'}).get('') ?? 0) >= 20 ? text : undefined
      },
      log,
    )
  }, DEADLINE_MS * 4)

  afterAll(async () => {
    if (fluentBit && fluentBit.exitCode === null) {
      const exited = new Promise((r) => fluentBit!.once('exit', r))
      fluentBit.kill('SIGTERM')
      const timer = setTimeout(() => fluentBit!.kill('SIGKILL'), 8000)
      await exited
      clearTimeout(timer)
    }
    await new Promise((r) => loki?.server.close(r))
  })

  const streamsOf = (server: string) => pushes.flatMap((p) => p.streams).filter((s) => s.stream.server === server)
  const allLines = () => pushes.flatMap((p) => p.streams.flatMap((s) => s.values.map(([, line]) => line)))

  it('pushes JSON to Loki with the tenant and the contract’s low-cardinality stream labels', () => {
    expect(pushes.every((p) => p.tenant === 'lab' && p.contentType === 'application/json')).toBe(true)
    const base = {hardware: 'generic-linux', node: 'box', site: 'lab', source: 'model-servers'}
    expect(streamsOf('llama-box').length).toBeGreaterThan(0)
    for (const s of streamsOf('llama-box')) expect(s.stream).toEqual({...base, retention: 'default', runtime: 'llama-cpp', server: 'llama-box'})
    expect(streamsOf('ollama-box').map((s) => s.stream)).toContainEqual({...base, server: 'ollama-box', runtime: 'ollama', retention: 'audit'})
    for (const push of pushes) for (const s of push.streams) expect(Object.keys(s.stream).sort()).toEqual(['hardware', 'node', 'retention', 'runtime', 'server', 'site', 'source'])
  })

  it('redacts e-mails, tokens, API keys and the fleet’s own pattern, hashes the prompt and drops the noise', () => {
    const text = allLines().join('\n')
    for (const secret of ['alice@example.com', 'bob@example.org', 'eyJhbGciOiJIUzI1NiJ9', 'sk-proj-abcdefghijklmnopqrstuvwx', 'hf_abcdefghijklmnopqrstuvwxyz', 'abc123', 'WC-123456', 'my secret question']) {
      expect(text).not.toContain(secret)
    }
    expect(text).not.toContain('all slots are idle')
    const json = allLines().map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.msg === 'chat request')!
    expect(json).toMatchObject({api_key: '[REDACTED]', n_predict: 64, prompt: `sha256:${createHash('sha256').update('my secret question').digest('hex')}`, user: '[REDACTED]'})
    const plain = allLines().map((l) => JSON.parse(l) as {log?: string}).find((r) => r.log?.includes('handle_comp'))!
    expect(plain.log).toBe('srv  handle_comp: request from [REDACTED] with Authorization: Bearer [REDACTED] X-Api-Key: [REDACTED] key [REDACTED] order [REDACTED]')
  })

  it('serves llama.cpp latency and output-length histograms with the expected bucket counts', () => {
    const labels = {model: 'qwen', model_version: 'q4', runtime: 'llama-cpp', server: 'llama-box', stage: 'stable'}
    // total time 2050.42 ms, 700.10 ms, 12000.00 ms
    expect(Object.fromEntries(samples(metrics, 'inferwatch_log_request_duration_seconds_bucket', labels))).toMatchObject({'0.5': 0, '1.0': 1, '2.5': 2, '10.0': 2, '20.0': 3, '+Inf': 3})
    expect(samples(metrics, 'inferwatch_log_request_duration_seconds_sum', labels).get('')).toBeCloseTo(14.75052, 5)
    // eval time … / 100, 30, 600 tokens; the prompt-eval lines do not count
    expect(Object.fromEntries(samples(metrics, 'inferwatch_log_generated_tokens_bucket', labels))).toMatchObject({'16.0': 0, '32.0': 1, '128.0': 2, '512.0': 2, '1024.0': 3, '+Inf': 3})
    expect(samples(metrics, 'inferwatch_log_generated_tokens_sum', labels).get('')).toBe(730)
    // POST done-request lines: 200, 200, 500; the GET /slots is not a request to the model
    expect(samples(metrics, 'inferwatch_log_requests_total', labels).get('')).toBe(3)
    expect(samples(metrics, 'inferwatch_log_request_errors_total', labels).get('')).toBe(1)
  })

  it('serves Ollama latency, requests and errors from gin’s request lines, colours and Go durations included', () => {
    const labels = {runtime: 'ollama', server: 'ollama-box'}
    // 1.234567891s, 1m3s, 350.25ms; GET /api/tags is not an inference request
    expect(Object.fromEntries(samples(metrics, 'inferwatch_log_request_duration_seconds_bucket', labels))).toMatchObject({'0.25': 0, '0.5': 1, '1.0': 1, '2.5': 2, '60.0': 2, '120.0': 3, '+Inf': 3})
    expect(samples(metrics, 'inferwatch_log_request_duration_seconds_sum', labels).get('')).toBeCloseTo(64.584817891, 6)
    expect(samples(metrics, 'inferwatch_log_requests_total', labels).get('')).toBe(3)
    expect(samples(metrics, 'inferwatch_log_request_errors_total', labels).get('')).toBe(1)
    expect(samples(metrics, 'inferwatch_log_generated_tokens_bucket', labels).size).toBe(0)
  })

  it('serves valid Prometheus text that promtool accepts', () => {
    const result = spawnSync('promtool', ['check', 'metrics'], {encoding: 'utf8', input: metrics})
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
  })

  it('exposes the output metrics, with the `name` label, that the fluent-bit job and FluentBitOutputFailing read', () => {
    for (const name of ['fluentbit_output_errors_total', 'fluentbit_output_retries_failed_total', 'fluentbit_output_proc_records_total']) {
      expect(ownMetrics).toMatch(new RegExp(`^${name}\\{name="loki"\\} \\d+`, 'm'))
    }
    expect(samples(ownMetrics, 'fluentbit_output_proc_records_total', {name: 'loki'}).get('')).toBeGreaterThanOrEqual(20)
    expect(samples(ownMetrics, 'fluentbit_output_errors_total', {name: 'loki'}).get('')).toBe(0)
  })
})
