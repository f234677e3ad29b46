import type {Finding, Severity} from '../finding.js'

const COLOURS: Record<Severity, string> = {error: '\u001B[31m', info: '\u001B[36m', warning: '\u001B[33m'}
const RESET = '\u001B[0m'
const DIM = '\u001B[2m'

/** `file:line:col: severity id: message`, one per line, and a count; colour only when asked. */
export function formatText(findings: readonly Finding[], options: {colour: boolean; fileCount: number}): string {
  const lines = findings.map((f) => {
    const where = `${f.file}:${f.line}:${f.col}`
    if (!options.colour) return `${where}: ${f.severity} ${f.check}: ${f.message}`
    return `${DIM}${where}:${RESET} ${COLOURS[f.severity]}${f.severity}${RESET} ${DIM}${f.check}:${RESET} ${f.message}`
  })
  lines.push(summary(findings, options.fileCount))
  return lines.join('\n') + '\n'
}

export function summary(findings: readonly Finding[], fileCount: number): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`
  if (findings.length === 0) return `${files} linted: no problems.`
  return `${files} linted: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info.`
}
