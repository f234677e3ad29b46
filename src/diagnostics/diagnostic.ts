/**
 * A problem found in a user's input, with the place it was found.
 * Errors are values: every stage returns these instead of throwing, so all of them
 * can be reported together, sorted by position.
 */
export interface Diagnostic {
  file: string
  line: number
  col: number
  /** Field path inside the document, e.g. `nodes[0].modelServers[1].runtime`; empty for the whole file. */
  path: string
  message: string
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}`
  return d.path ? `${where}: ${d.path}: ${d.message}` : `${where}: ${d.message}`
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  )
}

/** Dedupe identical diagnostics (zod can report one problem through two union branches). */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  return sortDiagnostics(diagnostics).filter((d) => {
    const key = formatDiagnostic(d)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Thrown only at the command boundary, carrying the collected diagnostics. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'))
    this.name = 'InputError'
  }
}

/** Field path for humans: `nodes[0].modelServers[1].runtime`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}
