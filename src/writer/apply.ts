import {mkdir, readdir, rename, rm, rmdir, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import type {OutputFile} from '../generators/types.js'
import {InterruptedError, type StopSignal, throwIfStopped} from './interrupt.js'
import {tempSuffix} from './litter.js'
import {MANIFEST_PATH, renderManifest} from './manifest.js'
import type {WritePlan} from './plan.js'
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
  const manifestFile = {content: renderManifest(files), path: MANIFEST_PATH}
  const toStage = [...files.filter((f) => changed.has(f.path)), manifestFile]
  progress.stage('write')
  try {
    // Folders first, each once and in order (so the first a run creates is known), then the files,
    // several at a time: one awaited open-write-close after another left the disk idle between them.
    for (const dir of [...new Set(toStage.map((f) => dirname(join(outDir, f.path))))].sort()) {
      throwIfStopped(signal)
      const created = await mkdir(dir, {recursive: true})
      if (created) createdDirs.push(created)
    }
    const temps = toStage.map((file) => {
      const target = join(outDir, file.path)
      return {target, temp: target + tempSuffix()}
    })
    let written = 0
    await inPool(toStage, WRITE_CONCURRENCY, async (file, index) => {
      throwIfStopped(signal)
      const {target, temp} = temps[index]!
      staged.push(temps[index]!)
      await writeFile(temp, file.content, {encoding: 'utf8', signal}).catch((error: NodeJS.ErrnoException) => {
        // Write errors (ENOSPC, EDQUOT) carry no path; say which file could not be written.
        error.path ??= target
        throw error
      })
      // A stop while this write was in flight: staging is over, and nothing more is reported.
      throwIfStopped(signal)
      progress.count(++written, toStage.length)
    })
    // Each write is staged as it starts, in index order, so the manifest (the last file) is staged last.
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
  let renamed = 0
  try {
    await inPool(staged, WRITE_CONCURRENCY, async ({temp, target}) => {
      await rename(temp, target)
      renamed++
    })
    for (const path of plan.remove) {
      await rm(join(outDir, path), {force: true})
      await removeEmptyParents(outDir, dirname(path))
    }
    await rename(manifest.temp, manifest.target)
  } catch (error) {
    // The next run repairs a partly renamed folder (the manifest is still the old one); leave no temporaries.
    await Promise.all([...staged, manifest].map((s) => rm(s.temp, {force: true})))
    throw error
  }
}

/** Files written or renamed at once: enough to keep the disk busy, few enough for any file-descriptor limit. */
const WRITE_CONCURRENCY = 16

/**
 * Runs `work` over `items`, at most `limit` at a time. The first failure is thrown once the running
 * ones have settled, and no new item starts after it, so cleanup sees every temporary that exists.
 */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        await work(items[index]!, index)
      } catch (error) {
        failure ??= {error}
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  if (failure) throw failure.error
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
