import {createHash} from 'node:crypto'

import type {OutputFile} from '../generators/types.js'

/** LF line endings and exactly one trailing newline, so bytes never depend on the platform or template. */
export function normalizeContent(content: string): string {
  const lf = content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content
  // Most generated text already ends in exactly one newline: keep that string rather than copy it
  // (at 10,000 nodes the copies were 180 MB), and trim the end without a regex that rescans it.
  let end = lf.length
  while (end > 0 && lf.charCodeAt(end - 1) === 10) end--
  if (end === lf.length - 1) return lf
  return `${lf.slice(0, end)}\n`
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex')
}

export class UnsafeOutputPathError extends Error {}

/** Output paths are relative, POSIX, and stay inside the output folder. */
export function isSafeOutputPath(path: string): boolean {
  const parts = path.split('/')
  return !path.startsWith('/') && !path.includes('\\') && !parts.some((p) => p === '' || p === '.' || p === '..')
}

export function assertSafeOutputPath(path: string): void {
  if (!isSafeOutputPath(path)) throw new UnsafeOutputPathError(`generator produced an unsafe output path: ${JSON.stringify(path)}`)
}

export function prepareFiles(files: readonly OutputFile[]): OutputFile[] {
  return files.map((file) => {
    assertSafeOutputPath(file.path)
    return {...file, content: normalizeContent(file.content)}
  })
}
