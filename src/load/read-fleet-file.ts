import {readFile} from 'node:fs/promises'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {parseYaml, type ParseResult} from './yaml-source.js'

/** Reads and parses a fleet file; a missing or unreadable file is a diagnostic like any other. */
export async function readFleetFile(file: string): Promise<ParseResult> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const message = code === 'ENOENT' ? 'file not found (create one with `inferwatch init`)' : `cannot read file (${code ?? String(error)})`
    const diagnostic: Diagnostic = {col: 1, file, line: 1, message, path: ''}
    return {diagnostics: [diagnostic], ok: false}
  }
  return parseYaml(file, text)
}
