import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {OutputFile} from '../generators/types.js'
import {normalizeContent, sha256} from './content.js'

/** Where inferwatch records the files it owns in an output folder. */
export const MANIFEST_PATH = '.inferwatch/manifest.json'
const FORMAT_VERSION = 1

export interface Manifest {
  files: Record<string, string>
}

export async function readManifest(outDir: string): Promise<Manifest> {
  let text: string
  try {
    text = await readFile(join(outDir, MANIFEST_PATH), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {files: {}}
    throw error
  }
  const parsed = JSON.parse(text) as {formatVersion?: number; files?: Record<string, string>}
  if (parsed.formatVersion !== FORMAT_VERSION || typeof parsed.files !== 'object' || parsed.files === null) {
    throw new Error(`${join(outDir, MANIFEST_PATH)} is not an inferwatch manifest (format ${FORMAT_VERSION})`)
  }
  return {files: parsed.files}
}

/** Sorted keys and no timestamps: the manifest is as byte-stable as the files it lists. */
export function renderManifest(files: readonly OutputFile[]): string {
  const entries = [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, sha256(f.content)])
  return normalizeContent(JSON.stringify({files: Object.fromEntries(entries), formatVersion: FORMAT_VERSION, generator: 'inferwatch'}, null, 2))
}
