import {readFile} from 'node:fs/promises'
import {dirname, join, relative, resolve} from 'node:path'

import {PACKAGE_ROOT} from '../package-root.js'

/** Presets are the bundled examples, so the starter file and the documented example never drift apart. */
export const PRESETS = ['pi-cluster', 'gpu-server', 'mixed'] as const
export type Preset = (typeof PRESETS)[number]

const SCHEMA_LINE = /^# yaml-language-server: \$schema=.*$/m

/** The preset text with its schema comment pointing at the installed JSON Schema, relative to the new file. */
export async function renderPreset(preset: Preset, targetFile: string): Promise<string> {
  const text = await readFile(join(PACKAGE_ROOT, 'examples', `${preset}.yaml`), 'utf8')
  const schemaPath = join(PACKAGE_ROOT, 'schema', 'fleet.schema.json')
  const fromTarget = relative(dirname(resolve(targetFile)), schemaPath).split('\\').join('/')
  return text.replace(SCHEMA_LINE, `# yaml-language-server: $schema=${fromTarget}`)
}
