import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {OutputFile} from '../generators/types.js'
import {sha256} from './content.js'
import {type Manifest, readManifest} from './manifest.js'

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
}

type Existing = {kind: 'missing'} | {kind: 'file'; content: string} | {kind: 'blocked'; reason: string}

async function readExisting(path: string): Promise<Existing> {
  try {
    return {content: await readFile(path, 'utf8'), kind: 'file'}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {kind: 'missing'}
    if (code === 'EISDIR') return {kind: 'blocked', reason: 'is a folder where inferwatch writes a file'}
    if (code === 'ENOTDIR') return {kind: 'blocked', reason: 'cannot be written: a file stands where one of its folders must be'}
    throw error
  }
}

export async function planWrite(outDir: string, files: readonly OutputFile[]): Promise<WritePlan> {
  const previous = await readManifest(outDir)
  const plan: WritePlan = {blocked: [], conflicts: [], create: [], keepEdited: [], previous, remove: [], unchanged: [], update: []}
  const wanted = new Set(files.map((f) => f.path))

  for (const file of files) {
    const current = await readExisting(join(outDir, file.path))
    if (current.kind === 'blocked') plan.blocked.push({path: file.path, reason: current.reason})
    else if (current.kind === 'missing') plan.create.push(file.path)
    else if (current.content === file.content) plan.unchanged.push(file.path)
    else if (previous.files[file.path] === undefined) plan.conflicts.push(file.path)
    else plan.update.push(file.path)
  }
  for (const [path, hash] of Object.entries(previous.files)) {
    if (wanted.has(path)) continue
    const current = await readExisting(join(outDir, path))
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
