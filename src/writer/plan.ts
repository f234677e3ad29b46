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
  previous: Manifest
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

export async function planWrite(outDir: string, files: readonly OutputFile[]): Promise<WritePlan> {
  const previous = await readManifest(outDir)
  const plan: WritePlan = {conflicts: [], create: [], keepEdited: [], previous, remove: [], unchanged: [], update: []}
  const wanted = new Set(files.map((f) => f.path))

  for (const file of files) {
    const current = await readIfExists(join(outDir, file.path))
    if (current === undefined) plan.create.push(file.path)
    else if (current === file.content) plan.unchanged.push(file.path)
    else if (previous.files[file.path] === undefined) plan.conflicts.push(file.path)
    else plan.update.push(file.path)
  }
  for (const [path, hash] of Object.entries(previous.files)) {
    if (wanted.has(path)) continue
    const current = await readIfExists(join(outDir, path))
    if (current === undefined) continue
    if (sha256(current) === hash) plan.remove.push(path)
    else plan.keepEdited.push(path)
  }
  for (const list of [plan.create, plan.update, plan.unchanged, plan.remove, plan.keepEdited, plan.conflicts]) list.sort()
  return plan
}

export function planIsClean(plan: WritePlan): boolean {
  return plan.create.length + plan.update.length + plan.remove.length + plan.conflicts.length === 0
}
