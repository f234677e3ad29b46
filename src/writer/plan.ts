import type {Dirent} from 'node:fs'
import {readdirSync, readFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import type {OutputFile} from '../generators/types.js'
import {sha256} from './content.js'
import {type Manifest, readManifest} from './manifest.js'
import {inSyncBatches} from './pool.js'

/** What a generate run would do to an output folder. Every list is sorted. */
export interface WritePlan {
  create: string[]
  update: string[]
  unchanged: string[]
  /** Owned files the fleet no longer produces, unchanged since written: removed. */
  remove: string[]
  /** Owned files the fleet no longer produces but that were edited by hand: left in place. */
  keepEdited: string[]
  /** Files inferwatch would write over although it never wrote them. */
  conflicts: string[]
  /** Paths where a folder stands in place of a file, or a file in place of a folder: not even --force writes there. */
  blocked: {path: string; reason: string}[]
  previous: Manifest
  /**
   * What the plan found in each folder it listed, for the litter search that follows it in the same
   * run: every output folder is then read once, not twice. A writing run holds the lock, so nothing of
   * inferwatch's writes there in between; a --check or --dry-run beside a running writer may miss a
   * temp file staged after its plan, which is that live writer's own and never litter anyway.
   */
  listed: FolderListings
}

/** Folders by path relative to the output folder (a missing folder lists nothing); undefined when not listed. */
export type FolderListings = (relativeDir: string) => Dirent[] | undefined

type Existing = {kind: 'missing'} | {kind: 'file'; content: string} | {kind: 'blocked'; reason: string}

const FOLDER_IN_THE_WAY = 'is a folder where inferwatch writes a file'
const FILE_IN_THE_WAY = 'cannot be written: a file stands where one of its folders must be'

function readExisting(path: string): Existing {
  try {
    return {content: readFileSync(path, 'utf8'), kind: 'file'}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {kind: 'missing'}
    if (code === 'EISDIR') return {kind: 'blocked', reason: FOLDER_IN_THE_WAY}
    if (code === 'ENOTDIR') return {kind: 'blocked', reason: FILE_IN_THE_WAY}
    throw error
  }
}

/** A folder's entries by name; `missing` when it does not exist, `not-a-folder` when a file stands on its path. */
type Listing = Map<string, Dirent> | 'missing' | 'not-a-folder'

function listFolder(path: string): Listing {
  try {
    return new Map(readdirSync(path, {withFileTypes: true}).map((entry) => [entry.name, entry]))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return 'missing'
    if (code === 'ENOTDIR') return 'not-a-folder'
    throw error
  }
}

/**
 * What is on disk at each path. Each folder is listed once, so a path that does not exist costs no
 * open (a first run over thousands of files reads nothing); only files that exist are read, with
 * synchronous calls in batches (src/writer/pool.ts says why).
 */
async function readAllExisting(outDir: string, paths: readonly string[], listings: Map<string, Listing>): Promise<Existing[]> {
  const folders = [...new Set(paths.map((p) => dirname(join(outDir, p))))]
  await inSyncBatches(folders, (folder) => {
    listings.set(folder, listFolder(folder))
  })
  const existing: Existing[] = new Array(paths.length)
  await inSyncBatches(paths, (path, index) => {
    const absolute = join(outDir, path)
    const listing = listings.get(dirname(absolute))!
    const entry = typeof listing === 'string' ? undefined : listing.get(basename(absolute))
    if (listing === 'not-a-folder') existing[index] = {kind: 'blocked', reason: FILE_IN_THE_WAY}
    else if (entry === undefined) existing[index] = {kind: 'missing'}
    else if (entry.isDirectory()) existing[index] = {kind: 'blocked', reason: FOLDER_IN_THE_WAY}
    // Files, and symlinks (followed by the read, as the write will follow them).
    else existing[index] = readExisting(absolute)
  })
  return existing
}

export async function planWrite(outDir: string, files: readonly OutputFile[]): Promise<WritePlan> {
  const previous = await readManifest(outDir)
  const listings = new Map<string, Listing>()
  const listed: FolderListings = (dir) => {
    const listing = listings.get(join(outDir, dir))
    if (listing === undefined) return undefined
    return typeof listing === 'string' ? [] : [...listing.values()]
  }
  const plan: WritePlan = {blocked: [], conflicts: [], create: [], keepEdited: [], listed, previous, remove: [], unchanged: [], update: []}
  const wanted = new Set(files.map((f) => f.path))
  const existing = await readAllExisting(outDir, files.map((f) => f.path), listings)

  for (const [index, file] of files.entries()) {
    const current = existing[index]!
    if (current.kind === 'blocked') plan.blocked.push({path: file.path, reason: current.reason})
    else if (current.kind === 'missing') plan.create.push(file.path)
    else if (current.content === file.content) plan.unchanged.push(file.path)
    else if (previous.files[file.path] === undefined) plan.conflicts.push(file.path)
    else plan.update.push(file.path)
  }
  for (const [path, hash] of Object.entries(previous.files)) {
    if (wanted.has(path)) continue
    const current = readExisting(join(outDir, path))
    if (current.kind !== 'file') continue
    if (sha256(current.content) === hash) plan.remove.push(path)
    else plan.keepEdited.push(path)
  }
  plan.blocked.sort((a, b) => (a.path < b.path ? -1 : 1))
  for (const list of [plan.create, plan.update, plan.unchanged, plan.remove, plan.keepEdited, plan.conflicts]) list.sort()
  return plan
}

export function planIsClean(plan: WritePlan): boolean {
  return plan.create.length + plan.update.length + plan.remove.length + plan.conflicts.length + plan.blocked.length === 0
}
