import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runCli, STACK_FRAME} from '../helpers/cli.js'
import {examplePath, tempDir} from '../helpers/fleet.js'

const topLevel = async (dir: string) => (await readdir(dir)).sort()

describe('generate --target', () => {
  it('writes compose.yaml by default, and exactly the chosen targets when given, repeated or as a comma list', async () => {
    const dir = await tempDir('inferwatch-targets-')
    const byDefault = join(dir, 'default')
    expect((await runCli(['generate', examplePath('pi-cluster'), '--out', byDefault])).exitCode).toBe(0)
    expect(await topLevel(byDefault)).toEqual(expect.arrayContaining(['.env.example', 'compose.yaml']))
    expect(await topLevel(byDefault)).not.toContain('nodes')

    const listed = join(dir, 'listed')
    const run = await runCli(['generate', examplePath('pi-cluster'), '--out', listed, '--target', 'systemd,kubernetes'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(await topLevel(listed)).toEqual(expect.arrayContaining(['kubernetes', 'nodes']))
    expect(await topLevel(listed)).not.toContain('compose.yaml')

    // Choosing other targets later removes what only the earlier ones wrote.
    const again = await runCli(['generate', examplePath('pi-cluster'), '--out', listed, '--target', 'compose', '--target', 'kubernetes'])
    expect(again.exitCode, again.stderr).toBe(0)
    expect(await topLevel(listed)).toEqual(expect.arrayContaining(['compose.yaml', 'kubernetes']))
    expect(await topLevel(listed)).not.toContain('nodes')
  })

  it('rejects an unknown target with exit 2 and the list of targets', async () => {
    const run = await runCli(['generate', examplePath('pi-cluster'), '--out', await tempDir(), '--target', 'docker'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/compose, systemd, kubernetes/)
    expect(run.stderr).not.toMatch(STACK_FRAME)
  })
})
