import type {Finding} from '../finding.js'

/** Machine-readable findings; `fixable` says whether `--fix` would change it. */
export function formatJson(findings: readonly Finding[]): string {
  const out = findings.map((f) => ({check: f.check, col: f.col, file: f.file, fixable: f.fix !== undefined, line: f.line, message: f.message, severity: f.severity}))
  return JSON.stringify({findings: out}, null, 2) + '\n'
}
