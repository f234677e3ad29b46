import {mkdir, readdir, rename, rm, rmdir, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import type {OutputFile} from '../generators/types.js'
import {MANIFEST_PATH, renderManifest} from './manifest.js'
import type {WritePlan} from './plan.js'

const TEMP_SUFFIX = `.inferwatch-tmp-${process.pid}`

/**
 * Applies a plan: every changed file is first written beside its target under a temporary name, and
 * only when all of them are on disk are they renamed into place; the manifest is written last.
 * A failure while staging removes the temporaries and leaves the previous output untouched.
 */
export async function applyPlan(outDir: string, files: readonly OutputFile[], plan: WritePlan): Promise<void> {
  const changed = new Set([...plan.create, ...plan.update, ...plan.conflicts])
  const staged: {temp: string; target: string}[] = []
  const createdDirs: string[] = []
  const manifestFile = {content: renderManifest(files), path: MANIFEST_PATH}
  try {
    for (const file of [...files.filter((f) => changed.has(f.path)), manifestFile]) {
      const target = join(outDir, file.path)
      const created = await mkdir(dirname(target), {recursive: true})
      if (created) createdDirs.push(created)
      const temp = target + TEMP_SUFFIX
      staged.push({target, temp})
      await writeFile(temp, file.content, 'utf8').catch((error: NodeJS.ErrnoException) => {
        // Write errors (ENOSPC, EDQUOT) carry no path; say which file could not be written.
        error.path ??= target
        throw error
      })
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, {force: true})))
    // Folders this run created hold nothing now; removing them leaves the folder as it was.
    for (const dir of createdDirs.reverse()) await rm(dir, {force: true, recursive: true})
    throw error
  }
  const manifest = staged.pop()!
  for (const {temp, target} of staged) await rename(temp, target)
  for (const path of plan.remove) {
    await rm(join(outDir, path), {force: true})
    await removeEmptyParents(outDir, dirname(path))
  }
  await rename(manifest.temp, manifest.target)
}

/** Removes folders emptied by stale-file removal, never the output folder itself or a folder with anything in it. */
async function removeEmptyParents(outDir: string, relativeDir: string): Promise<void> {
  let dir = relativeDir
  while (dir !== '.' && dir !== '') {
    const absolute = join(outDir, dir)
    const entries = await readdir(absolute).catch(() => null)
    if (entries === null || entries.length > 0) return
    await rmdir(absolute)
    dir = dirname(dir)
  }
}
