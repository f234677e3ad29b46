import {readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runCli, STACK_FRAME} from '../helpers/cli.js'
import {tempDir} from '../helpers/fleet.js'

describe('drift run on a broken jobs file', () => {
  it('reports each problem as file:line:col: path: message and exits 2, writing nothing', async () => {
    const dir = await tempDir('inferwatch-jobs-')
    const jobs = join(dir, 'jobs.yaml')
    await writeFile(jobs, 'fleet: f\njobs:\n  - name: a\n    server: s\n    labels: {}\n    source: {kind: prometheus, url: http://x}\n    window: 1 hour\n    baseline: {kind: window, duration: 7d}\n    minSamples: 10\n    threshold: 0.2\n')
    const run = await runCli(['drift', 'run', '--jobs', jobs, '--textfile-dir', dir])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain(`${jobs}:6:20: jobs[0].source.kind: Invalid discriminator value. Expected 'prometheus-histogram' | 'samples'`)
    expect(run.stderr).toContain(`${jobs}:7:13: jobs[0].window: must be a Prometheus duration`)
    expect(run.stderr).not.toMatch(STACK_FRAME)
    expect(await readdir(dir)).toEqual(['jobs.yaml'])
  })

  it('names the jobs it has when --job names none of them', async () => {
    const dir = await tempDir('inferwatch-jobs-')
    const jobs = join(dir, 'jobs.yaml')
    await writeFile(jobs, 'fleet: f\njobs: []\n')
    const run = await runCli(['drift', 'run', '--jobs', jobs, '--job', 'nope', '--pushgateway', 'http://127.0.0.1:9'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('no drift job "nope" (jobs here: none)')
    const neither = await runCli(['drift', 'run', '--jobs', jobs])
    expect(neither.exitCode).toBe(2)
    expect(neither.stderr).toMatch(/--pushgateway|--textfile-dir/)
  })
})
