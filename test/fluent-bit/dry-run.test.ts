import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {EXAMPLES, loadExample, tempDir} from '../helpers/fleet.js'
import {FLUENT_BIT, fluentBitDryRun} from '../helpers/fluent-bit.js'
import {writeOutput} from '../helpers/output.js'
import {everyFeatureFleet, generate, SINKS} from './fleets.js'

const cases = [
  ...EXAMPLES.map((name) => ({load: () => loadExample(name), name})),
  ...SINKS.flatMap((sink) => (['yaml', 'classic'] as const).map((format) => ({load: () => everyFeatureFleet(sink, format), name: `every-feature ${sink} ${format}`}))),
]

/**
 * Fluent Bit reads `file://` secrets while it checks a config, and the fleet's password files do not
 * exist here: the check reads a copy in which only those paths are moved under `dir` and created.
 */
async function withSecretsUnder(dir: string, configPath: string): Promise<string> {
  const original = await readFile(configPath, 'utf8')
  const secrets = join(dir, '_secrets')
  const paths = [...original.matchAll(/file:\/\/(\/\S+)/g)].map((m) => m[1]!)
  for (const path of paths) {
    await mkdir(dirname(secrets + path), {recursive: true})
    await writeFile(secrets + path, 'not-the-real-secret\n')
  }
  const copy = configPath.replace(/(\.\w+)$/, '.check$1')
  await writeFile(copy, original.replaceAll('file:///', `file://${secrets}/`))
  return copy
}

describe.skipIf(!FLUENT_BIT.binary)(`fluent-bit --dry-run${FLUENT_BIT.binary ? '' : ` (skipped: ${FLUENT_BIT.reason})`}`, () => {
  it.each(cases)('accepts every config of $name', async ({load}) => {
    const files = generate(await load())
    const dir = await tempDir('inferwatch-fluent-bit-')
    await writeOutput(dir, files)
    const configs = files.filter((f) => /\/fluent-bit\.(yaml|conf)$/.test(f.path))
    expect(configs.length).toBeGreaterThan(0)
    for (const config of configs) {
      const result = fluentBitDryRun(await withSecretsUnder(dir, join(dir, config.path)))
      expect(result.ok, `${config.path}\n${result.output}`).toBe(true)
    }
  })

  it('rejects a config with a property Fluent Bit does not know, so the check has teeth', async () => {
    const files = generate(await loadExample('pi-cluster'))
    const dir = await tempDir('inferwatch-fluent-bit-')
    await writeOutput(dir, files)
    const path = join(dir, 'fluent-bit/pi-01/fluent-bit.yaml')
    await writeFile(path, (await readFile(path, 'utf8')).replace('line_format: json', 'line_format: json\n      no_such_property: on'))
    expect(fluentBitDryRun(path).ok).toBe(false)
  })
})

