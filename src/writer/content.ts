import {createHash} from 'node:crypto'

import type {OutputFile} from '../generators/types.js'

/** LF line endings and exactly one trailing newline, so bytes never depend on the platform or template. */
export function normalizeContent(content: string): string {
  const lf = content.replace(/\r\n?/g, '\n')
  return lf.replace(/\n*$/, '\n')
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
