import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import Ajv2020 from 'ajv/dist/2020.js'
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'

import {PACKAGE_ROOT} from '../../src/package-root.js'
import {runCli} from '../helpers/cli.js'
import {EXAMPLES, examplePath} from '../helpers/fleet.js'

describe('inferwatch schema', () => {
  it('prints the JSON Schema that the repository ships', async () => {
    const result = await runCli(['schema'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout + '\n').toBe(readFileSync(join(PACKAGE_ROOT, 'schema', 'fleet.schema.json'), 'utf8'))
  })

  const ajv = new Ajv2020.default({allErrors: true, strict: false})
  const validate = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'fleet.schema.json'), 'utf8')) as object)

  it.each(EXAMPLES)('validates the bundled example %s', (name) => {
    const document = parse(readFileSync(examplePath(name), 'utf8')) as unknown
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true)
  })

  it('rejects what the fleet format rejects: an unknown runtime and a misspelt key', () => {
    const document = parse(readFileSync(examplePath('mixed'), 'utf8')) as {nodes: {modelServers?: {runtime: string}[]; labels?: unknown}[]}
    document.nodes[0]!.modelServers![0]!.runtime = 'olama'
    expect(validate(document)).toBe(false)
    const misspelt = parse(readFileSync(examplePath('mixed'), 'utf8')) as Record<string, unknown>
    misspelt.node = misspelt.nodes
    expect(validate(misspelt)).toBe(false)
  })
})
