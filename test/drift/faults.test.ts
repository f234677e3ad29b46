import {once} from 'node:events'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {stringify} from 'yaml'

import type {DriftJobConfig} from '../../src/drift/jobs-file.js'
import {bucketIncreaseQuery} from '../../src/drift/prometheus-source.js'
import {runDriftJobs} from '../../src/drift/run-jobs.js'
import {tempDir} from '../helpers/fleet.js'

/**
 * What a Prometheus that misbehaves does to a drift run. Real Prometheus cannot be made to answer
 * nonsense, so a loopback HTTP server plays each fault; the real server is in real-prometheus.test.ts.
 */
type Reply = (res: import('node:http').ServerResponse) => void
const FAULTS: Record<string, Reply> = {
  '/error': (res) => res.writeHead(422, {'content-type': 'application/json'}).end(JSON.stringify({error: 'parse error at char 5', errorType: 'bad_data', status: 'error'})),
  '/html': (res) => res.writeHead(502, {'content-type': 'text/html'}).end('<html><body>Bad Gateway</body></html>'),
  '/matrix': (res) => res.writeHead(200).end(JSON.stringify({data: {result: [], resultType: 'matrix'}, status: 'success'})),
  '/no-le': (res) => res.writeHead(200).end(JSON.stringify({data: {result: [{metric: {}, value: [1, '3']}], resultType: 'vector'}, status: 'success'})),
  '/slow': () => {},
  '/good': (res) =>
    res.writeHead(200).end(
      JSON.stringify({
        data: {resultType: 'vector', result: [{metric: {le: '10'}, value: [1, '500']}, {metric: {le: '+Inf'}, value: [1, '1000']}]},
        status: 'success',
      }),
    ),
}

const job = (url: string): DriftJobConfig => ({
  baseline: {duration: '7d', kind: 'window'},
  labels: {model: 'm', node: 'n1', server: 's1'},
  minSamples: 10,
  name: 'faulty',
  server: 's1',
  source: {kind: 'prometheus-histogram', matchers: {server: 's1'}, metric: 'vllm:request_generation_tokens', url},
  threshold: 0.2,
  window: '1h',
})

describe('drift run when Prometheus misbehaves', () => {
  let server: Server
  let base = ''
  let textfiles = ''

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/api\/v1\/query$/, '')
      FAULTS[path]?.(res)
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    base = `http://127.0.0.1:${(server.address() as {port: number}).port}`
    textfiles = await tempDir('inferwatch-faults-')
  })

  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  async function run(path: string, timeoutMs = 5000) {
    const jobsFile = join(textfiles, `${path.slice(1)}.yaml`)
    await writeFile(jobsFile, stringify({fleet: 'f', jobs: [job(`${base}${path}`)]}))
    const [report] = await runDriftJobs({at: 1_700_000_000, jobsFile, target: {dir: textfiles, kind: 'textfile'}, timeoutMs})
    return {prom: await readFile(join(textfiles, 'inferwatch_drift_faulty.prom'), 'utf8'), report: report!}
  }

  it('a good answer publishes the divergence', async () => {
    const {prom, report} = await run('/good')
    expect(report.status).toBe('measured')
    expect(report.kl).toBe(0)
    expect(prom).toContain('inferwatch_drift_kl_divergence{drift_job="faulty",model="m",server="s1"} 0\n')
    expect(prom).toContain('inferwatch_drift_up{drift_job="faulty",model="m",server="s1"} 1\n')
  })

  it.each([
    ['/error', 'answered HTTP 422 to sum by (le) (increase(vllm:request_generation_tokens_bucket{server="s1"}[3600s])): bad_data: parse error at char 5'],
    ['/html', 'answered HTTP 502 with something that is not JSON: <html><body>Bad Gateway</body></html>'],
    ['/matrix', 'sent a malformed response (expected an instant vector)'],
    ['/no-le', 'sent a malformed sample (expected {metric: {le}, value: [time, "number"]})'],
    ['/slow', 'did not answer within 0.3s'],
  ])('%s: a clear error naming the URL, up 0, and the last divergence left in the textfile', async (path, message) => {
    await run('/good')
    const {prom, report} = await run(path, 300)
    expect(report.status).toBe('failed')
    expect(report.message).toContain(`Prometheus at ${base}${path}/api/v1/query`)
    expect(report.message).toContain(message)
    expect(prom).toContain('inferwatch_drift_kl_divergence{drift_job="faulty",model="m",server="s1"} 0\n')
    expect(prom).toContain('inferwatch_drift_samples{drift_job="faulty",model="m",server="s1",window="recent"} 1000\n')
    expect(prom).toContain('inferwatch_drift_up{drift_job="faulty",model="m",server="s1"} 0\n')
    expect(prom).not.toContain('} 1\n')
    expect(prom.match(/# TYPE inferwatch_drift_up gauge/g)).toHaveLength(1)
  })

  it('a fault with no earlier run writes up 0 alone', async () => {
    const dir = await tempDir('inferwatch-faults-fresh-')
    const jobsFile = join(dir, 'jobs.yaml')
    await writeFile(jobsFile, stringify({fleet: 'f', jobs: [job(`${base}/error`)]}))
    await runDriftJobs({at: 1, jobsFile, target: {dir, kind: 'textfile'}, timeoutMs: 1000})
    expect(await readFile(join(dir, 'inferwatch_drift_faulty.prom'), 'utf8')).toBe(
      '# HELP inferwatch_drift_up 1 when the last drift run produced a divergence, 0 when it could not (source unreadable or too few samples)\n# TYPE inferwatch_drift_up gauge\ninferwatch_drift_up{drift_job="faulty",model="m",server="s1"} 0\n',
    )
    // Written under a hidden name and renamed: nothing else is left in the collector's directory.
    expect((await readdir(dir)).sort()).toEqual(['inferwatch_drift_faulty.prom', 'jobs.yaml'])
  })
})

describe('the histogram query', () => {
  it('sums the per-bucket increase over the window by le, for the job’s server and the catalog’s extra matchers', () => {
    expect(bucketIncreaseQuery('vllm:request_generation_tokens', {server: 'a"b', model_name: 'm'}, 3600)).toBe(
      'sum by (le) (increase(vllm:request_generation_tokens_bucket{model_name="m",server="a\\"b"}[3600s]))',
    )
    expect(bucketIncreaseQuery('x', {server: 's'}, 60, '{job="fluent-bit-log-metrics"}')).toBe('sum by (le) (increase(x_bucket{server="s",job="fluent-bit-log-metrics"}[60s]))')
  })
})
