import {readFile, stat} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import type {OutputFile} from '../generators/types.js'
import {isSafeOutputPath, normalizeContent, sha256} from './content.js'

/** Where inferwatch records the files it owns in an output folder. */
export const MANIFEST_PATH = '.inferwatch/manifest.json'
const FORMAT_VERSION = 1

export interface Manifest {
  files: Record<string, string>
}

/** The output folder is in a state inferwatch will not write over: the user has to decide. */
export class OutputFolderError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

export async function readManifest(outDir: string): Promise<Manifest> {
  const path = join(outDir, MANIFEST_PATH)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {files: {}}
    if (code === 'ENOTDIR') throw await fileInTheWay(outDir)
    if (code === 'EISDIR') throw new OutputFolderError(path, 'is a folder where inferwatch keeps its manifest file; move it away')
    throw error
  }
  const parsed = parseManifest(text)
  if (!parsed) {
    throw new OutputFolderError(
      path,
      `is not an inferwatch manifest (format ${FORMAT_VERSION}); restore it from version control, or delete it and run generate --force once to take the folder over`,
    )
  }
  return parsed
}

/** Names the file that stands where the output folder, or its `.inferwatch` folder, must be. */
export async function fileInTheWay(outDir: string): Promise<OutputFolderError> {
  const candidates = [join(outDir, MANIFEST_PATH, '..'), outDir]
  for (let dir = dirname(outDir); dir !== dirname(dir); dir = dirname(dir)) candidates.push(dir)
  for (const candidate of candidates.reverse()) {
    const info = await stat(candidate).catch(() => undefined)
    if (info && !info.isDirectory()) return new OutputFolderError(candidate, 'is a file where inferwatch needs a folder; move it away or choose another --out')
  }
  return new OutputFolderError(outDir, 'cannot be used as the output folder')
}

function parseManifest(text: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(text) as {formatVersion?: number; files?: unknown}
    const files = parsed.files
    if (parsed.formatVersion !== FORMAT_VERSION || typeof files !== 'object' || files === null) return undefined
    if (!Object.values(files).every((hash) => typeof hash === 'string')) return undefined
    // A manifest names only paths inside the output folder: never remove anything elsewhere.
    if (!Object.keys(files).every(isSafeOutputPath)) return undefined
    return {files: files as Record<string, string>}
  } catch {
    return undefined
  }
}

/** Sorted keys and no timestamps: the manifest is as byte-stable as the files it lists. */
export function renderManifest(files: readonly OutputFile[]): string {
  const entries = [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, sha256(f.content)])
  return normalizeContent(JSON.stringify({files: Object.fromEntries(entries), formatVersion: FORMAT_VERSION, generator: 'inferwatch'}, null, 2))
}
