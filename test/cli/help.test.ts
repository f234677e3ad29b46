import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PACKAGE_ROOT} from '../../src/package-root.js'
import {execa} from 'execa'

import {CLI, runCli} from '../helpers/cli.js'

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const {version} = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {version: string}
    const result = await runCli(['--version'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`inferwatch/${version}`)
  })

  it('--help lists every command, from the command manifest', async () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>}
    expect(Object.keys(manifest.commands).sort()).toEqual(['drift:baseline', 'drift:run', 'generate', 'init', 'lint', 'schema', 'validate', 'verify'])
    const result = await runCli(['--help'])
    expect(result.exitCode).toBe(0)
    // Commands under a topic (drift run, drift baseline) are listed by `inferwatch <topic> --help`.
    for (const command of Object.keys(manifest.commands)) expect(result.stdout).toMatch(new RegExp(`^  ${command.split(':')[0]} `, 'm'))
    const drift = await runCli(['drift', '--help'])
    for (const command of ['drift run', 'drift baseline']) expect(drift.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it('--version and --help answer without loading oclif, with exactly what oclif prints', async () => {
    const viaOclif = (args: string[]) =>
      execa(process.execPath, ['--input-type=module', '-e', `const {execute} = await import('@oclif/core'); await execute({args: ${JSON.stringify(args)}, dir: ${JSON.stringify(CLI)}})`], {
        cwd: PACKAGE_ROOT,
        env: {OCLIF_COLUMNS: '80'},
      })
    for (const flag of ['--help', '--version']) {
      const [fast, full] = await Promise.all([runCli([flag]), viaOclif([flag])])
      expect(fast.stdout, flag).toBe(full.stdout)
    }
    // The fast path never loads oclif (NODE_DEBUG=module logs every CommonJS module Node loads).
    const loaded = async (args: string[]) => (await execa(process.execPath, [CLI, ...args], {all: true, env: {NODE_DEBUG: 'module'}})).all.includes('@oclif/core')
    expect(await loaded(['--version'])).toBe(false)
    expect(await loaded(['--help'])).toBe(false)
    expect(await loaded(['generate', '--help'])).toBe(true)
  })

  it('generate --help documents its flags', async () => {
    const result = await runCli(['generate', '--help'])
    for (const flag of ['--out', '--check', '--dry-run', '--force']) expect(result.stdout).toContain(flag)
  })
})
