import {mkdirSync, renameSync, writeFileSync} from 'node:fs'
import {readdir, rm, rmdir} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {setImmediate as nextTurn} from 'node:timers/promises'

import type {OutputFile} from '../generators/types.js'
import {InterruptedError, type StopSignal, throwIfStopped} from './interrupt.js'
import {tempSuffix} from './litter.js'
import {MANIFEST_PATH, renderManifest} from './manifest.js'
import type {WritePlan} from './plan.js'
import {turnBefore} from './pool.js'
import {type Progress, SILENT_PROGRESS} from './progress.js'
import {pauseBeforeRenameForTests} from './test-hooks.js'

export interface ApplyOptions {
  /** A stop signal: staging stops, temporaries are removed and InterruptedError is thrown. */
  signal?: AbortSignal
  progress?: Progress
}

/**
 * Applies a plan: every changed file is first written beside its target under a temporary name, and
 * only when all of them are on disk are they renamed into place; the manifest is written last.
 * A failure or a stop signal while staging removes the temporaries and leaves the previous output
 * untouched. Once renaming starts it is finished, signal or not: the folder is never left half old
 * and half new by a Ctrl-C.
 */
export async function applyPlan(outDir: string, files: readonly OutputFile[], plan: WritePlan, options: ApplyOptions = {}): Promise<void> {
  const {progress = SILENT_PROGRESS, signal} = options
  const changed = new Set([...plan.create, ...plan.update, ...plan.conflicts])
  const staged: {temp: string; target: string}[] = []
  const createdDirs: string[] = []
  const temps = (file: OutputFile) => {
    const target = join(outDir, file.path)
    return {target, temp: target + tempSuffix()}
  }
  const manifestFile = {content: renderManifest(files), path: MANIFEST_PATH}
  const toStage = [...files.filter((f) => changed.has(f.path)), manifestFile]
  progress.stage('write')
  try {
    // Folders first, each once and in order (so the first a run creates is known), then the files.
    // Synchronous calls, in batches with a turn of the event loop between them (pool.ts says why).
    for (const [index, dir] of [...new Set(toStage.map((f) => dirname(join(outDir, f.path))))].sort().entries()) {
      await turnBefore(index)
      throwIfStopped(signal)
      const created = mkdirSync(dir, {recursive: true})
      if (created) createdDirs.push(created)
    }
    for (const [index, file] of toStage.entries()) {
      await turnBefore(index)
      throwIfStopped(signal)
      const {target, temp} = temps(file)
      staged.push({target, temp})
      try {
        writeFileSync(temp, file.content, 'utf8')
      } catch (error) {
        // Write errors (ENOSPC, EDQUOT) carry no path; say which file could not be written.
        ;(error as NodeJS.ErrnoException).path ??= target
        throw error
      }
      progress.count(index + 1, toStage.length)
    }
    // The manifest is the last file staged.
    await nextTurn()
    await pauseBeforeRenameForTests(signal)
    throwIfStopped(signal)
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, {force: true})))
    // Folders this run created hold nothing now; removing them leaves the folder as it was.
    for (const dir of createdDirs.reverse()) await rm(dir, {force: true, recursive: true})
    if (signal?.aborted) throw new InterruptedError(signal.reason as StopSignal, 'unchanged')
    throw error
  }
  const manifest = staged.pop()!
  try {
    // Renaming is never interrupted (see above): no turns of the event loop, no signal checks.
    for (const {temp, target} of staged) renameSync(temp, target)
    for (const path of plan.remove) {
      await rm(join(outDir, path), {force: true})
      await removeEmptyParents(outDir, dirname(path))
    }
    renameSync(manifest.temp, manifest.target)
  } catch (error) {
    // The next run repairs a partly renamed folder (the manifest is still the old one); leave no temporaries.
    await Promise.all([...staged, manifest].map((s) => rm(s.temp, {force: true})))
    throw error
  }
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
