import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {createTwoFilesPatch} from 'diff'

import type {OutputFile} from '../generators/types.js'
import type {WritePlan} from './plan.js'

async function readOr(path: string, fallback: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => fallback)
}

/** A unified diff from what is on disk to what generate would write, for every file the plan touches. */
export async function diffPlan(outDir: string, files: readonly OutputFile[], plan: WritePlan): Promise<string> {
  const byPath = new Map(files.map((f) => [f.path, f.content]))
  const patches: string[] = []
  for (const path of [...plan.create, ...plan.update, ...plan.conflicts].sort()) {
    const before = plan.create.includes(path) ? '' : await readOr(join(outDir, path), '')
    const oldName = plan.create.includes(path) ? '/dev/null' : `a/${path}`
    patches.push(createTwoFilesPatch(oldName, `b/${path}`, before, byPath.get(path)!, undefined, undefined, {context: 3}))
  }
  for (const path of plan.remove) {
    const before = await readOr(join(outDir, path), '')
    patches.push(createTwoFilesPatch(`a/${path}`, '/dev/null', before, '', undefined, undefined, {context: 3}))
  }
  // jsdiff starts each patch with an "Index:"-less header line of '='s; keep plain unified format.
  return patches.map((p) => p.replace(/^={10,}\n/m, '')).join('')
}
