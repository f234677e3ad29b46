import type {Diagnostic} from '../diagnostics/diagnostic.js'

export const SEVERITIES = ['info', 'warning', 'error'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** Replace `length` characters at `offset` of the file's text; offsets are UTF-16 code units. */
export interface TextEdit {
  offset: number
  length: number
  replacement: string
}

/**
 * A lint finding: a diagnostic (file, line, col, message) that names the check that found it and
 * carries its severity, and the edit that fixes it when the fix is certain.
 */
export interface Finding extends Diagnostic {
  check: string
  severity: Severity
  /** Offset in the file, for inline disable comments and fixes. */
  offset: number
  fix?: TextEdit
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.check.localeCompare(b.check) || a.message.localeCompare(b.message)
}
