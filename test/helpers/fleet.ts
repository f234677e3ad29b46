import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Fleet} from '../../src/normalize/fleet-model.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'
import {loadFleet} from '../../src/pipeline.js'

export const EXAMPLES = ['gpu-server', 'mixed', 'pi-cluster'] as const
export type ExampleName = (typeof EXAMPLES)[number]

export function examplePath(name: ExampleName): string {
  return join(PACKAGE_ROOT, 'examples', `${name}.yaml`)
}

async function mustLoad(file: string): Promise<Fleet> {
  const result = await loadFleet(file)
  if (!result.ok) throw new Error(`fleet did not load:\n${result.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`).join('\n')}`)
  return result.fleet
}

/** The normalized Fleet of a bundled example. */
export function loadExample(name: ExampleName): Promise<Fleet> {
  return mustLoad(examplePath(name))
}

/** A Fleet from inline YAML, for behavioural tests ("a fleet without NVIDIA nodes has no GPU job"). */
export async function fleetFromYaml(yaml: string): Promise<Fleet> {
  const dir = await mkdtemp(join(tmpdir(), 'inferwatch-fleet-'))
  const file = join(dir, 'fleet.yaml')
  await writeFile(file, yaml)
  return mustLoad(file)
}

export async function tempDir(prefix = 'inferwatch-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}
