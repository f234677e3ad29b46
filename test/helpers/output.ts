import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {dirname, join, relative} from 'node:path'

import type {OutputFile} from '../../src/generators/types.js'
import {prepareFiles} from '../../src/writer/content.js'

/** Writes generator output to a folder exactly as the writer would normalize it, for the real tools to read. */
export async function writeOutput(dir: string, files: readonly OutputFile[]): Promise<void> {
  for (const file of prepareFiles(files)) {
    const target = join(dir, file.path)
    await mkdir(dirname(target), {recursive: true})
    await writeFile(target, file.content)
  }
}

/**
 * A node's installed files as a deploy lays them out: every generated file marked for that node, at
 * its destination under `root` (so /etc/fluent-bit/fluent-bit.yaml is `<root>/etc/fluent-bit/fluent-bit.yaml`).
 * Returns `root`. The real tools then read what the node would read, shared files included.
 */
export async function installNode(root: string, files: readonly OutputFile[], node: string): Promise<string> {
  const mine = prepareFiles(files).filter((f) => f.install?.nodes.includes(node))
  if (mine.length === 0) throw new Error(`no generated file is installed on ${node}`)
  for (const file of mine) {
    const target = join(root, file.install!.destination)
    await mkdir(dirname(target), {recursive: true})
    await writeFile(target, file.content)
  }
  return root
}

export function fileByPath(files: readonly OutputFile[], path: string): OutputFile {
  const file = files.find((f) => f.path === path)
  if (!file) throw new Error(`no generated file ${path}; have: ${files.map((f) => f.path).join(', ')}`)
  return file
}

/** Every golden file below `dir`, as POSIX paths relative to it. */
export async function goldenPaths(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort()
}
