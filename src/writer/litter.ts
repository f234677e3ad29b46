import {type Dirent, readdirSync} from 'node:fs'
import {unlink} from 'node:fs/promises'
import {join, posix} from 'node:path'

import type {FolderListings} from './plan.js'
import {inSyncBatches, turnBefore} from './pool.js'

const TEMP_MARK = '.inferwatch-tmp-'
/** Exactly what tempSuffix() appends to a path: anything else is not inferwatch's and is never touched. */
const TEMP_NAME = /^(.+)\.inferwatch-tmp-([1-9][0-9]*)$/

/** The writer stages `<path>.inferwatch-tmp-<pid>` beside each target before renaming it into place. */
export function tempSuffix(pid = process.pid): string {
  return `${TEMP_MARK}${pid}`
}

/** A temporary file left by a run that stopped before renaming it into place. */
export interface Litter {
  /** Relative to the output folder, with `/`. */
  path: string
  pid: number
}

export interface LitterSearch {
  /** Paths (relative, already checked to stay inside the folder) whose folders are always searched. */
  near: Iterable<string>
  /** Temp files of these pids belong to a live writer: not litter. */
  exceptPids?: readonly number[]
  /** Folder entries the scan of the rest of the output folder may read; bounds the cost of `--out .`. */
  maxEntries?: number
  /** Folders already listed in this run (the write plan's, relative paths): not read again. */
  listed?: FolderListings
}

/** Never descended into: no inferwatch output lives there, and they can be huge. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules'])
const DEFAULT_MAX_ENTRIES = 20_000


/**
 * Finds temp files of inferwatch's naming in the output folder: in every folder of `near` (the
 * paths the manifest owns and the paths being written: where temp files are staged), and in a
 * breadth-first scan of the rest of the folder, bounded by `maxEntries`. Only regular files whose
 * whole name matches are reported; symlinks are neither reported nor followed.
 */
export async function findLitter(outDir: string, search: LitterSearch): Promise<Litter[]> {
  const except = new Set(search.exceptPids ?? [])
  const listings = new Map<string, Dirent[]>()
  const list = (dir: string) => {
    let entries = listings.get(dir)
    if (!entries) listings.set(dir, (entries = search.listed?.(dir) ?? readFolder(join(outDir, dir))))
    return entries
  }
  const found = new Map<string, Litter>()
  const collect = (dir: string, entries: Dirent[]) => {
    for (const entry of entries) {
      const match = entry.isFile() ? TEMP_NAME.exec(entry.name) : null
      if (!match) continue
      const pid = Number(match[2])
      const path = dir === '.' ? entry.name : posix.join(dir, entry.name)
      if (!except.has(pid)) found.set(path, {path, pid})
    }
  }

  const nearDirs = new Set<string>(['.'])
  for (const path of search.near) nearDirs.add(posix.dirname(path))
  // A big fleet's output has thousands of folders: listed synchronously, in batches (pool.ts says why).
  await inSyncBatches([...nearDirs], (dir) => collect(dir, list(dir)))

  let budget = search.maxEntries ?? DEFAULT_MAX_ENTRIES
  const queue = ['.']
  for (let next = 0; next < queue.length && budget > 0; next++) {
    await turnBefore(next)
    const dir = queue[next]!
    const entries = list(dir)
    budget -= entries.length
    if (!nearDirs.has(dir)) collect(dir, entries)
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) queue.push(dir === '.' ? entry.name : posix.join(dir, entry.name))
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function readFolder(path: string): Dirent[] {
  try {
    return readdirSync(path, {withFileTypes: true})
  } catch {
    return []
  }
}

export async function removeLitter(outDir: string, litter: readonly Litter[]): Promise<void> {
  for (const item of litter) {
    await unlink(join(outDir, item.path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }
}

/** `3 temporary files left by an interrupted run (pid 4685): a, b, c` — at most five names. */
export function describeLitter(litter: readonly Litter[]): string {
  const pids = [...new Set(litter.map((l) => l.pid))].sort((a, b) => a - b)
  const names = litter.slice(0, 5).map((l) => l.path)
  const more = litter.length > names.length ? `, and ${litter.length - names.length} more` : ''
  const files = litter.length === 1 ? 'temporary file' : 'temporary files'
  return `${litter.length} ${files} left by an interrupted run (pid ${pids.join(', ')}): ${names.join(', ')}${more}`
}
