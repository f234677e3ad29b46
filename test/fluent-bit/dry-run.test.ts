import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {EXAMPLES, loadExample, tempDir} from '../helpers/fleet.js'
import {FLUENT_BIT, fluentBitDryRun, withSecretsUnder} from '../helpers/fluent-bit.js'
import {installNode, writeOutput} from '../helpers/output.js'
import {everyFeatureFleet, generate, SINKS} from './fleets.js'

const cases = [
  ...EXAMPLES.map((name) => ({load: () => loadExample(name), name})),
  ...SINKS.flatMap((sink) => (['yaml', 'classic'] as const).map((format) => ({load: () => everyFeatureFleet(sink, format), name: `every-feature ${sink} ${format}`}))),
]

describe.skipIf(!FLUENT_BIT.binary)(`fluent-bit --dry-run${FLUENT_BIT.binary ? '' : ` (skipped: ${FLUENT_BIT.reason})`}`, () => {
  it.each(cases)('accepts every config of $name', async ({load}) => {
    const files = generate(await load())
    const dir = await tempDir('inferwatch-fluent-bit-')
    const configs = files.filter((f) => /\/fluent-bit\.(yaml|conf)$/.test(f.path))
    expect(configs.length).toBeGreaterThan(0)
    // Each config checked as its node has it: in /etc/fluent-bit beside the shared Lua filter (and parsers).
    for (const config of configs) {
      const root = await installNode(join(dir, config.install!.nodes[0]!), files, config.install!.nodes[0]!)
      const result = fluentBitDryRun(await withSecretsUnder(dir, join(root, config.install!.destination)))
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

