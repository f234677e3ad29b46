import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {driftGenerator} from '../../src/generators/drift/index.js'
import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {prometheusScrapeGenerator} from '../../src/generators/prometheus-scrape/index.js'
import {runCli} from '../helpers/cli.js'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'
import {backfill, freePort, histogramOpenMetrics, type RunningServer, startPrometheus, startPushgateway} from './servers.js'

/**
 * `inferwatch drift run` against a real Prometheus holding a backfilled vLLM output-length histogram
 * whose distribution shifts at a known time, and a real Pushgateway scraped by that Prometheus with
 * the generated scrape job, queried with the generated alert expressions.
 */
const JOB = 'assistant-output-length'
const LE = ['10', '100', '1000', '+Inf']
// Requests per minute in each bin: before the shift, and in the recent hour after it.
const BASELINE = [4, 3, 2, 1]
const RECENT = [1, 2, 3, 4]
// KL(baseline ‖ recent) over p = (.4, .3, .2, .1), q = (.1, .2, .3, .4), by hand:
// .4 ln 4 + .3 ln 1.5 + .2 ln(2/3) + .1 ln(1/4) = .3 ln 4 + .3 ln 1.5 + .2 ln(2/3)
const EXPECTED_KL = 0.3 * Math.log(4) + 0.3 * Math.log(1.5) + 0.2 * Math.log(2 / 3)
const WINDOW_MINUTES = 60
const BASELINE_MINUTES = 360

const fleetYaml = (prometheusUrl: string, extra = '') => `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: drift-it}
nodes:
  - name: gpu-01
    address: 127.0.0.1
    hardware: nvidia-gpu
    labels: {site: lab, tenant: research}
    modelServers:
      - name: vllm-assistant
        runtime: vllm
        models: [{name: llama-3.1-8b-instruct, version: "2024-07"}]
drift:
  - name: ${JOB}
    server: vllm-assistant
    window: 1h
    baseline: 6h
    prometheusUrl: ${prometheusUrl}
${extra}`

interface PromResult {
  metric: Record<string, string>
  value: [number, string]
}

async function instantQuery(url: string, query: string): Promise<PromResult[]> {
  const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({query})}`, {signal: AbortSignal.timeout(5000)})
  const body = (await response.json()) as {status: string; data: {result: PromResult[]}}
  expect(body.status, JSON.stringify(body)).toBe('success')
  return body.data.result
}

describe('drift run against a real Prometheus and Pushgateway', () => {
  // The end of the recent window: a whole minute, ten minutes ago, so every sample is in the past.
  const end = Math.floor(Date.now() / 60_000) * 60 - 600
  const shiftMinute = 30 + BASELINE_MINUTES
  const start = end - (shiftMinute + WINDOW_MINUTES) * 60
  let prometheus: RunningServer | undefined
  let pushgateway: RunningServer | undefined
  let jobsFile = ''
  let dir = ''

  beforeAll(async () => {
    dir = await tempDir('inferwatch-drift-it-')
    const data = await backfill(
      histogramOpenMetrics(
        {
          increments: (minute) => (minute <= shiftMinute ? BASELINE : RECENT),
          labels: {engine: '0', instance: '127.0.0.1:8000', job: 'model-vllm', model_name: 'llama-3.1-8b-instruct', server: 'vllm-assistant'},
          le: LE,
          metric: 'vllm:request_generation_tokens',
          // vLLM restarts twenty minutes into the recent hour: increase() must still count every request.
          resets: [shiftMinute + 20],
        },
        start,
        shiftMinute + WINDOW_MINUTES,
      ),
    )
    pushgateway = await startPushgateway()
    // The generated pushgateway scrape job, pointed at this Pushgateway and scraped every second.
    const scrape = parse(fileByPath(prometheusScrapeGenerator.generate(await fleetFromYaml(fleetYaml('http://127.0.0.1:1'))).files, 'prometheus/prometheus.yml').content)
    const job = scrape.scrape_configs.find((j: {job_name: string}) => j.job_name === 'pushgateway')
    expect(job.honor_labels).toBe(true)
    job.static_configs = [{targets: [pushgateway.url.replace('http://', '')]}]
    const config = {global: {evaluation_interval: '1s', scrape_interval: '1s'}, scrape_configs: [job]}
    prometheus = await startPrometheus(JSON.stringify(config), data)
    const fleet = await fleetFromYaml(fleetYaml(prometheus.url))
    jobsFile = join(dir, 'jobs.yaml')
    await writeFile(jobsFile, fileByPath(driftGenerator.generate(fleet).files, 'drift/jobs.yaml').content)
  }, 120_000)

  afterAll(async () => {
    await prometheus?.stop()
    await pushgateway?.stop()
  })

  it('writes the expected divergence into a textfile directory, counter reset included', async () => {
    const textfiles = await tempDir('inferwatch-textfile-')
    const run = await runCli(['drift', 'run', '--jobs', jobsFile, '--textfile-dir', textfiles, '--at', String(end), '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    const [report] = JSON.parse(run.stdout)
    expect(report.status).toBe('measured')
    expect(Math.abs(report.kl - EXPECTED_KL)).toBeLessThan(1e-9)
    // Every request of the window, although the counters restarted inside it.
    expect(report.samples).toEqual({baseline: BASELINE_MINUTES * 10, recent: WINDOW_MINUTES * 10})
    const prom = await readFile(join(textfiles, 'inferwatch_drift_assistant_output_length.prom'), 'utf8')
    const kl = /^inferwatch_drift_kl_divergence\{[^}]*server="vllm-assistant"[^}]*\} (\S+)$/m.exec(prom)
    expect(kl, prom).not.toBeNull()
    expect(Math.abs(Number(kl![1]) - EXPECTED_KL)).toBeLessThan(1e-9)
    expect(prom).toMatch(/^inferwatch_drift_samples\{[^}]*window="recent"\} 600$/m)
    expect(prom).toMatch(/^inferwatch_drift_up\{[^}]*\} 1$/m)
    expect(prom).toContain(`} ${end}\n`)
    const lint = await execa('promtool', ['check', 'metrics'], {input: prom, reject: false})
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0)
  })

  it('a frozen baseline from `drift baseline` gives the same divergence as the window it froze', async () => {
    const snapshot = join(dir, 'baseline.json')
    const capture = await runCli(['drift', 'baseline', '--jobs', jobsFile, '--job', JOB, '--out', snapshot, '--at', String(end - 3600)])
    expect(capture.exitCode, capture.stderr).toBe(0)
    const frozen = JSON.parse(await readFile(snapshot, 'utf8'))
    expect(frozen).toMatchObject({format: 'inferwatch-drift-baseline/v1', job: JOB, le: LE.map((le) => (le === '+Inf' ? le : String(Number(le)))), model: 'llama-3.1-8b-instruct', modelVersion: '2024-07', samples: 3600})
    expect(frozen.counts).toEqual(BASELINE.map((n) => n * BASELINE_MINUTES))
    const fleet = await fleetFromYaml(fleetYaml(prometheus!.url).replace('baseline: 6h', `baseline: ${snapshot}`))
    const frozenJobs = join(dir, 'frozen-jobs.yaml')
    await writeFile(frozenJobs, fileByPath(driftGenerator.generate(fleet).files, 'drift/jobs.yaml').content)
    const textfiles = await tempDir('inferwatch-textfile-')
    const run = await runCli(['drift', 'run', '--jobs', frozenJobs, '--textfile-dir', textfiles, '--at', String(end), '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(Math.abs(JSON.parse(run.stdout)[0].kl - EXPECTED_KL)).toBeLessThan(1e-9)

    // The same snapshot with other buckets is refused, by name, and publishes up 0.
    await writeFile(snapshot, JSON.stringify({...frozen, le: ['5', '50', '500', '+Inf']}))
    const mismatched = await runCli(['drift', 'run', '--jobs', frozenJobs, '--textfile-dir', textfiles, '--at', String(end)])
    expect(mismatched.exitCode).toBe(1)
    expect(mismatched.stderr).toContain('different bucket boundaries (baseline le=[5, 50, 500, +Inf], recent le=[10, 100, 1000, +Inf])')
    const prom = await readFile(join(textfiles, 'inferwatch_drift_assistant_output_length.prom'), 'utf8')
    expect(prom).toMatch(/^inferwatch_drift_up\{[^}]*\} 0$/m)
    expect(prom).toMatch(/^inferwatch_drift_kl_divergence\{[^}]*\} 0\.45/m)
  })

  it('with too few samples publishes up 0 and no divergence', async () => {
    const textfiles = await tempDir('inferwatch-textfile-')
    // Seven hours before the data began: both windows are empty.
    const run = await runCli(['drift', 'run', '--jobs', jobsFile, '--textfile-dir', textfiles, '--at', String(start - 3600), '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)[0]).toMatchObject({message: '0 samples in the recent window and 0 samples in the baseline, fewer than the 100 a divergence needs', status: 'too-few-samples'})
    const prom = await readFile(join(textfiles, 'inferwatch_drift_assistant_output_length.prom'), 'utf8')
    expect(prom).not.toContain('inferwatch_drift_kl_divergence')
    expect(prom).toMatch(/^inferwatch_drift_up\{[^}]*\} 0$/m)
  })

  it('pushes to a real Pushgateway whose series the generated ModelDriftHigh expression selects', async () => {
    const run = await runCli(['drift', 'run', '--jobs', jobsFile, '--pushgateway', pushgateway!.url, '--at', String(end)])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${JOB}: KL ${EXPECTED_KL.toFixed(4)}`)
    const {files} = prometheusRulesGenerator.generate(await fleetFromYaml(fleetYaml(prometheus!.url)))
    // The missing-series rules have a file (and group) of their own.
    const alerts = ['alerts-drift.yml', 'alerts-drift-missing.yml'].flatMap(
      (file) => parse(fileByPath(files, `prometheus/rules/${file}`).content).groups[0].rules as {alert: string; expr: string; labels: Record<string, string>}[],
    )
    const high = alerts.find((r) => r.alert === 'ModelDriftHigh')!
    let result: PromResult[] = []
    for (let attempt = 0; attempt < 50 && result.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      result = await instantQuery(prometheus!.url, high.expr)
    }
    expect(result, high.expr).toHaveLength(1)
    expect(Math.abs(Number(result[0]!.value[1]) - EXPECTED_KL)).toBeLessThan(1e-9)
    expect(result[0]!.metric).toMatchObject({job: JOB, model: 'llama-3.1-8b-instruct', node: 'gpu-01', server: 'vllm-assistant', site: 'lab', tenant: 'research'})
    // The staleness rule's missing-series form finds the pushed timestamp: the labels meet there too.
    const absent = alerts.find((r) => r.alert === 'DriftJobStale' && r.labels.condition === 'absent')!
    expect(await instantQuery(prometheus!.url, absent.expr), absent.expr).toEqual([])
    const stale = alerts.find((r) => r.alert === 'DriftJobStale' && r.labels.condition === undefined)!
    expect(await instantQuery(prometheus!.url, stale.expr.replace(/ > .*$/, '')), stale.expr).toHaveLength(1)
  })

  it('when Prometheus is unreachable: exit 1 naming the URL, up 0 pushed, the last divergence kept', async () => {
    const down = `http://127.0.0.1:${await freePort()}`
    const fleet = await fleetFromYaml(fleetYaml(down))
    const downJobs = join(dir, 'down-jobs.yaml')
    await writeFile(downJobs, fileByPath(driftGenerator.generate(fleet).files, 'drift/jobs.yaml').content)
    const run = await runCli(['drift', 'run', '--jobs', downJobs, '--pushgateway', pushgateway!.url, '--at', String(end)])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain(`${JOB}: failed: cannot reach Prometheus at ${down}/api/v1/query: ECONNREFUSED`)
    const metrics = await (await fetch(`${pushgateway!.url}/metrics`)).text()
    expect(metrics).toMatch(/^inferwatch_drift_up\{[^}]*job="assistant-output-length"[^}]*\} 0$/m)
    const kl = /^inferwatch_drift_kl_divergence\{[^}]*job="assistant-output-length"[^}]*\} (\S+)$/m.exec(metrics)
    expect(Math.abs(Number(kl?.[1]) - EXPECTED_KL)).toBeLessThan(1e-9)
  })
})
