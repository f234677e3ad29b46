import {rename, writeFile} from 'node:fs/promises'

import type {Finding, TextEdit} from './finding.js'
import type {TextFile} from './text-file.js'

/**
 * Applies the certain fixes to the file texts: each edit replaces a few characters where the
 * finding is, so formatting and comments stay exactly as they were. Overlapping edits keep the
 * first. Each file is replaced atomically. Returns the files changed, with their old text.
 */
export async function applyFixes(files: readonly TextFile[], findings: readonly Finding[]): Promise<{path: string; original: string}[]> {
  const byFile = new Map<string, TextEdit[]>()
  for (const f of findings) if (f.fix) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.fix])
  const changed: {path: string; original: string}[] = []
  for (const file of files) {
    const edits = byFile.get(file.path)
    if (!edits) continue
    const text = applyEdits(file.text, edits)
    if (text === file.text) continue
    const temporary = `${file.path}.inferwatch-fix`
    await writeFile(temporary, text)
    await rename(temporary, file.path)
    changed.push({original: file.text, path: file.path})
  }
  return changed
}

/** Puts a file back as it was (when a fix made it unparsable). */
export async function restoreFile(path: string, original: string): Promise<void> {
  const temporary = `${path}.inferwatch-fix`
  await writeFile(temporary, original)
  await rename(temporary, path)
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset)
  let out = ''
  let cursor = 0
  for (const edit of sorted) {
    if (edit.offset < cursor) continue
    out += text.slice(cursor, edit.offset) + edit.replacement
    cursor = edit.offset + edit.length
  }
  return out + text.slice(cursor)
}
