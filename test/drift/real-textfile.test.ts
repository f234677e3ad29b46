import {readFileSync} from 'node:fs'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/fleet.js'
import {freePort, type RunningServer, startNodeExporter, startPrometheus} from './servers.js'

/**
 * `drift run --textfile-dir` into a real node_exporter's textfile collector, scraped by a real
 * Prometheus running the whole generated configuration: the generated drift alert expression finds
 * the result, so textfile publishing meets the rules as the Pushgateway does.
 */
describe('drift results through node_exporter’s textfile collector', () => {
  const at = 1_700_000_000
  let nodeExporter: RunningServer | undefined
  let prometheus: RunningServer | undefined
  let out = ''
  let textfiles = ''

  beforeAll(async () => {
    const dir = await tempDir('inferwatch-textfile-it-')
    textfiles = join(dir, 'textfile')
    const samples = join(dir, 'requests.jsonl')
    // Baseline 5, 5, 50, 500 → (½, ¼, ¼); recent hour 5, 50, 500, 500 → (¼, ¼, ½): KL = ¼ ln 2.
    const lines = [[at - 86_400, 5], [at - 80_000, 5], [at - 70_000, 50], [at - 7200, 500], [at - 1800, 5], [at - 1200, 50], [at - 600, 500], [at, 500]]
    await writeFile(samples, lines.map(([time, tokens]) => JSON.stringify({time, tokens})).join('\n'))
    const port = await freePort()
    const fleet = join(dir, 'fleet.yaml')
    await writeFile(
      fleet,
      `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: textfile-it}
defaults: {scrapeInterval: 1s, evaluationInterval: 1s}
nodes:
  - name: pi-01
    address: 127.0.0.1
    hardware: raspberry-pi-5
    labels: {site: lab}
    exporters:
      node-exporter: {port: ${port}}
      textfile: {directory: ${textfiles}}
    modelServers:
      - {name: llama, runtime: llama-cpp, port: ${await freePort()}, models: [{name: qwen}]}
drift:
  - {name: pi-length, server: llama, samples: {file: ${samples}, field: tokens, timeField: time}, buckets: [10, 100], minSamples: 3, threshold: 0.1}
`,
    )
    out = join(dir, 'out')
    const generate = await runCli(['generate', fleet, '--out', out])
    expect(generate.exitCode, generate.stderr).toBe(0)
    await mkdir(textfiles)
    nodeExporter = await startNodeExporter(port, textfiles)
    prometheus = await startPrometheus(undefined, await tempDir('inferwatch-prom-data-'), join(out, 'prometheus/prometheus.yml'))
  }, 120_000)

  afterAll(async () => {
    await prometheus?.stop()
    await nodeExporter?.stop()
  })

  it('the generated ModelDriftHigh expression reads what drift run wrote', async () => {
    const run = await runCli(['drift', 'run', '--jobs', join(out, 'drift/pi-01/jobs.yaml'), '--textfile-dir', textfiles, '--at', String(at)])
    expect(run.exitCode, run.stderr).toBe(0)
    const rules = parse(readFileSync(join(out, 'prometheus/rules/alerts-drift.yml'), 'utf8'))
    const high = rules.groups[0].rules.find((r: {alert: string}) => r.alert === 'ModelDriftHigh') as {expr: string}
    // One drift job, one threshold: the rule selects every drift result, with no name list (#9).
    expect(high.expr).toBe('inferwatch_drift_kl_divergence > 0.1')
    let result: {metric: Record<string, string>; value: [number, string]}[] = []
    for (let attempt = 0; attempt < 100 && result.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      const response = await fetch(`${prometheus!.url}/api/v1/query?${new URLSearchParams({query: high.expr})}`, {signal: AbortSignal.timeout(5000)})
      result = ((await response.json()) as {data: {result: typeof result}}).data.result
    }
    expect(result, high.expr).toHaveLength(1)
    expect(Math.abs(Number(result[0]!.value[1]) - 0.25 * Math.log(2))).toBeLessThan(1e-9)
    expect(result[0]!.metric).toMatchObject({drift_job: 'pi-length', hardware: 'raspberry-pi-5', job: 'pi-length', model: 'qwen', node: 'pi-01', server: 'llama', site: 'lab'})
  })
})
