import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import type {OutputFile} from '../generators/types.js'
import {MANIFEST_PATH} from '../writer/index.js'
import {OutputFolderError, readManifest} from '../writer/manifest.js'

/** Only these are read: the rest of the folder says nothing about what a running stack shows. */
const READ = [/^prometheus\/prometheus\.yml$/, /^prometheus\/targets\/[^/]+\.json$/, /^prometheus\/rules\/[^/]+\.yml$/, /^grafana\/dashboards\/[^/]+\.json$/, /^alertmanager\/alertmanager\.yml$/]

/** The generated files listed in the folder's manifest, as they are on disk now. */
export async function readOutputFolder(outDir: string): Promise<{ok: true; files: OutputFile[]} | {ok: false; diagnostics: Diagnostic[]}> {
  const problem = (file: string, message: string) => ({diagnostics: [{col: 1, file, line: 1, message, path: ''}], ok: false as const})
  let paths: string[]
  try {
    paths = Object.keys((await readManifest(outDir)).files)
  } catch (error) {
    if (error instanceof OutputFolderError) return problem(error.path, error.message)
    throw error
  }
  if (paths.length === 0) return problem(join(outDir, MANIFEST_PATH), 'not found: this is not an inferwatch output folder; run `inferwatch generate` first, or pass --out')
  const files: OutputFile[] = []
  for (const path of paths.filter((p) => READ.some((re) => re.test(p))).sort()) {
    try {
      files.push({content: await readFile(join(outDir, path), 'utf8'), path})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return problem(join(outDir, path), 'is listed in the manifest but missing; run `inferwatch generate` again')
      throw error
    }
  }
  return {files, ok: true}
}
