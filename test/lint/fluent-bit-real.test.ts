import {existsSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FLUENT_BIT_PLUGINS} from '../../src/catalog/index.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'
import {CHECK_FIXTURES} from './check-fixtures.js'

/** $FLUENT_BIT, else fluent-bit on PATH, else the shared copy beside the repository (as CI lays it out). */
async function fluentBit(): Promise<string> {
  if (process.env.FLUENT_BIT) return process.env.FLUENT_BIT
  const onPath = await execa('sh', ['-c', 'command -v fluent-bit'], {reject: false})
  if (onPath.exitCode === 0 && onPath.stdout.trim()) return onPath.stdout.trim()
  for (const candidate of [join(PACKAGE_ROOT, '..', 'shared', 'tools', 'fluent-bit', 'bin', 'fluent-bit'), '/work/shared/tools/fluent-bit/bin/fluent-bit']) {
    if (existsSync(candidate)) return candidate
  }
  throw new Error('Fluent Bit not found: set FLUENT_BIT')
}

let binary: string
let dir: string
beforeAll(async () => {
  binary = await fluentBit()
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-fluent-bit-'))
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

const dryRun = async (name: string, text: string) => {
  const file = join(dir, name)
  await writeFile(file, text)
  return (await execa(binary, ['--dry-run', '-c', file], {reject: false, timeout: 20_000})).exitCode
}

describe('Fluent Bit facts agree with the real Fluent Bit', () => {
  it('the plugin and property table is what `fluent-bit -J` reports', async () => {
    const schema = JSON.parse((await execa(binary, ['-J'], {timeout: 20_000})).stdout) as Record<string, {name: string; properties: Record<string, {name: string}[]>}[]>
    for (const [type, section] of [['input', 'inputs'], ['filter', 'filters'], ['output', 'outputs']] as const) {
      const actual = Object.fromEntries(
        schema[section]!.map((plugin) => [
          plugin.name,
          [...new Set(Object.entries(plugin.properties).filter(([group]) => group !== 'global_options').flatMap(([, options]) => options.map((o) => o.name.toLowerCase())))].sort(),
        ]),
      )
      expect(FLUENT_BIT_PLUGINS[type]).toEqual(actual)
    }
  })

  it('Fluent Bit refuses the failing fixtures of unknown plugins and properties, and accepts their fixed versions', async () => {
    const fixtures = CHECK_FIXTURES.filter((f) => ['fluentbit/unknown-plugin', 'fluentbit/unknown-property'].includes(f.check))
    expect(fixtures.length).toBe(2)
    for (const [i, fixture] of fixtures.entries()) {
      expect(await dryRun(`bad-${i}.conf`, fixture.bad.replace('‸', '')), fixture.check).not.toBe(0)
      expect(await dryRun(`good-${i}.conf`, fixture.good), fixture.check).toBe(0)
    }
  })
})
