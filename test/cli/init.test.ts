import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runCli, STACK_FRAME} from '../helpers/cli.js'
import {tempDir} from '../helpers/fleet.js'

describe('inferwatch init', () => {
  it.each(['pi-cluster', 'gpu-server', 'mixed'])('writes a valid fleet from preset %s with a working schema line', async (preset) => {
    const dir = await tempDir()
    const file = join(dir, 'nested', 'fleet.yaml')
    const result = await runCli(['init', '--preset', preset, file])
    expect(result.exitCode).toBe(0)
    const text = readFileSync(file, 'utf8')
    const schemaRef = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1]
    expect(schemaRef).toBeDefined()
    expect(existsSync(resolve(dirname(file), schemaRef!))).toBe(true)
    expect(text).toMatch(/^#.+/m)
    expect((await runCli(['validate', file])).exitCode).toBe(0)
  })

  it('refuses to overwrite without --force', async () => {
    const dir = await tempDir()
    expect((await runCli(['init'], {cwd: dir})).exitCode).toBe(0)
    const again = await runCli(['init', '--preset', 'gpu-server'], {cwd: dir})
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('fleet.yaml:1:1: already exists; pass --force to overwrite it')
    expect(again.stderr).not.toMatch(STACK_FRAME)
    expect(readFileSync(join(dir, 'fleet.yaml'), 'utf8')).toContain('name: mixed')
    expect((await runCli(['init', '--preset', 'gpu-server', '--force'], {cwd: dir})).exitCode).toBe(0)
    expect(readFileSync(join(dir, 'fleet.yaml'), 'utf8')).toContain('name: gpu-server')
  })

  it('rejects an unknown preset with exit 2', async () => {
    const dir = await tempDir()
    const result = await runCli(['init', '--preset', 'cluster'], {cwd: dir})
    expect(result.exitCode).toBe(2)
    expect(result.stderr).not.toMatch(STACK_FRAME)
  })
})
