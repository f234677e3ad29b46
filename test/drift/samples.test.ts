import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {samplesDistribution} from '../../src/drift/samples-source.js'
import {driftGenerator} from '../../src/generators/drift/index.js'
import {runCli} from '../helpers/cli.js'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'

async function file(name: string, content: string): Promise<string> {
  const path = join(await tempDir('inferwatch-samples-'), name)
  await writeFile(path, content)
  return path
}

describe('samples files', () => {
  it('bins a JSON lines field into the job buckets, upper bounds inclusive', async () => {
    const path = await file('s.jsonl', ['{"completion_tokens": 5}', '{"completion_tokens": 10}', '', '{"completion_tokens": 11}', '{"completion_tokens": 5000}'].join('\n'))
    expect(await samplesDistribution({buckets: [10, 100], field: 'completion_tokens', file: path})).toEqual({counts: [2, 1, 1], le: ['10', '100', '+Inf']})
  })

  it('reads CSV with a header, quoted fields and a time column, keeping the samples in (from, to]', async () => {
    const path = await file('s.csv', ['ts,"note, quoted",tokens', '100,"a, b",3', '200,x,30', '2023-11-14T22:13:20Z,y,300', '301,z,3'].join('\n'))
    // 2023-11-14T22:13:20Z is unix 1700000000, outside the window.
    expect(await samplesDistribution({buckets: [10, 100], field: 'tokens', file: path, timeField: 'ts'}, {from: 100, to: 301})).toEqual({counts: [1, 1, 0], le: ['10', '100', '+Inf']})
  })

  it('names the file and line of a sample that is not a number', async () => {
    const path = await file('bad.jsonl', '{"n": 1}\n{"n": "many"}\n')
    await expect(samplesDistribution({buckets: [10], field: 'n', file: path})).rejects.toThrow(`${path}:2: field "n" is not a number ("many")`)
    const csv = await file('bad.csv', 'a,b\n1,2\n')
    await expect(samplesDistribution({buckets: [10], field: 'tokens', file: csv})).rejects.toThrow(`${csv}:1: the CSV header has no column "tokens" (columns: a, b)`)
  })
})

describe('drift for llama.cpp from a samples file (the seeds’ Raspberry Pi case)', () => {
  it('drift run bins the file into the recent hour and the week before it', async () => {
    const at = 1_700_000_000
    // Baseline (the 7 days before the last hour): 5, 5, 50, 500 → (½, ¼, ¼); recent: 5, 50, 500, 500 → (¼, ¼, ½).
    const lines = [
      [at - 3 * 86_400, 5], [at - 2 * 86_400, 5], [at - 86_400, 50], [at - 7200, 500],
      [at - 1800, 5], [at - 1200, 50], [at - 600, 500], [at, 500],
      [at - 8 * 86_400, 5000], [at + 60, 5000],
    ].map(([time, tokens]) => JSON.stringify({time, tokens_predicted: tokens}))
    const samples = await file('requests.jsonl', lines.join('\n'))
    const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: pi}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    modelServers:
      - {name: llama, runtime: llama-cpp, models: [{name: qwen}]}
drift:
  - {name: llama-length, server: llama, samples: {file: ${samples}, field: tokens_predicted, timeField: time}, buckets: [10, 100], minSamples: 3}
`)
    const dir = await tempDir('inferwatch-samples-run-')
    const jobs = join(dir, 'jobs.yaml')
    await writeFile(jobs, fileByPath(driftGenerator.generate(fleet).files, 'drift/pi-01/jobs.yaml').content)
    const run = await runCli(['drift', 'run', '--jobs', jobs, '--textfile-dir', dir, '--at', String(at), '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    const [report] = JSON.parse(run.stdout)
    // ½ ln(½ / ¼) + ¼ ln 1 + ¼ ln(¼ / ½) = ¼ ln 2
    expect(Math.abs(report.kl - 0.25 * Math.log(2))).toBeLessThan(1e-9)
    expect(report.samples).toEqual({baseline: 4, recent: 4})
    expect(report.probabilities).toEqual({baseline: [0.5, 0.25, 0.25], le: ['10', '100', '+Inf'], recent: [0.25, 0.25, 0.5]})
  })
})
