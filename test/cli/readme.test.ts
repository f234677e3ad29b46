import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {NODE_EXPORTER_IDS} from '../../src/catalog/index.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'

type JsonSchema = {$ref?: string; $defs?: Record<string, JsonSchema>; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; additionalProperties?: JsonSchema | boolean; propertyNames?: unknown}

/** Every leaf field path of the fleet schema, written the way the README writes them. */
function fieldPaths(node: JsonSchema, path: string, out: Set<string>, root: JsonSchema = node): Set<string> {
  if (node.$ref) return fieldPaths(root.$defs![node.$ref.replace('#/$defs/', '')]!, path, out, root)
  for (const branch of node.anyOf ?? []) fieldPaths(branch, path, out, root)
  if (node.items) fieldPaths(node.items, `${path}[]`, out, root)
  if (typeof node.additionalProperties === 'object' && node.additionalProperties.properties) {
    const key = path.endsWith('.alerts') ? '<AlertName>' : (node.propertyNames as {enum?: unknown} | undefined)?.enum ? '<hardware>' : '<name>'
    fieldPaths(node.additionalProperties, `${path}.${key}`, out, root)
  }
  const properties = Object.entries(node.properties ?? {})
  for (const [key, child] of properties) {
    const name = (NODE_EXPORTER_IDS as readonly string[]).includes(key) ? '<exporter>' : key
    const childPath = path ? `${path}.${name}` : name
    const nested = fieldPaths(child, childPath, new Set(), root)
    if (nested.size === 0) out.add(childPath)
    for (const nestedPath of nested) out.add(nestedPath)
  }
  return out
}

describe('README', () => {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')

  it('opens with the install-and-run command and npm test', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n')
    expect(firstBlock).toEqual(['npm ci && node bin/run.js generate examples/mixed.yaml --out observability', 'npm test'])
  })

  it('documents every field of the fleet format', () => {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'fleet.schema.json'), 'utf8')) as JsonSchema
    const missing = [...fieldPaths(schema, '', new Set())].filter((path) => !readme.includes(`\`${path}\``))
    expect(missing).toEqual([])
  })

  it('documents every command', () => {
    for (const command of ['init', 'validate', 'generate', 'schema', 'verify']) expect(readme).toContain(`inferwatch ${command}`)
    for (const flag of ['--out', '--check', '--dry-run', '--force', '--preset']) expect(readme).toContain(flag)
  })
})
