import {createServer, type Server} from 'node:http'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli, STACK_FRAME} from '../helpers/cli.js'
import {examplePath, tempDir} from '../helpers/fleet.js'
import {freePort} from '../e2e/processes.js'

describe('inferwatch verify, when it cannot ask', () => {
  let out: string
  let silent: Server
  let silentPort: number
  let html: Server
  let htmlPort: number

  beforeAll(async () => {
    out = join(await tempDir('inferwatch-verify-'), 'out')
    const generated = await runCli(['generate', examplePath('gpu-server'), '--out', out])
    expect(generated.exitCode, generated.stderr).toBe(0)
    // Accepts connections and never answers: a hung Prometheus.
    silentPort = await freePort()
    silent = createServer(() => {})
    await new Promise<void>((r) => silent.listen(silentPort, '127.0.0.1', r))
    htmlPort = await freePort()
    html = createServer((_, res) => res.writeHead(200, {'content-type': 'text/html'}).end('<html>Grafana</html>'))
    await new Promise<void>((r) => html.listen(htmlPort, '127.0.0.1', r))
  })

  afterAll(async () => {
    silent.closeAllConnections()
    html.closeAllConnections()
    await Promise.all([new Promise((r) => silent.close(r)), new Promise((r) => html.close(r))])
  })

  it('names an unreachable Prometheus and exits 1 without a stack trace', async () => {
    const port = await freePort()
    const run = await runCli(['verify', '--out', out, '--prometheus', `http://127.0.0.1:${port}`])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain(`inferwatch: cannot reach Prometheus at http://127.0.0.1:${port}/api/v1/`)
    expect(run.stderr).toContain('connection refused (nothing listens there)')
    expect(run.stderr).not.toMatch(STACK_FRAME)
  })

  it('gives up on a Prometheus that does not answer within --timeout', async () => {
    const run = await runCli(['verify', '--out', out, '--prometheus', `http://127.0.0.1:${silentPort}`, '--timeout', '1s'])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/\S+: no answer within 1s/)
    expect(run.stderr).not.toMatch(STACK_FRAME)
  })

  it('says so when the URL is not a Prometheus, and reports it as JSON with --json', async () => {
    const run = await runCli(['verify', '--out', out, '--prometheus', `http://127.0.0.1:${htmlPort}`, '--json'])
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({ok: false})
    expect(run.stderr).toMatch(/did not answer with JSON: is http:\/\/127\.0\.0\.1:\d+ really Prometheus\?/)
  })

  it('rejects a folder that is not inferwatch output with exit 2', async () => {
    const empty = await tempDir('inferwatch-verify-empty-')
    const run = await runCli(['verify', '--out', empty, '--prometheus', 'http://127.0.0.1:9'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain(`${join(empty, '.inferwatch/manifest.json')}:1:1: not found: this is not an inferwatch output folder`)
  })

  it('rejects a timeout that is not a duration', async () => {
    const run = await runCli(['verify', '--out', out, '--prometheus', 'http://127.0.0.1:9', '--timeout', 'soon'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('--timeout must be a duration such as 10s')
  })
})
