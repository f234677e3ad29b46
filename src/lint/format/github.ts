import type {Finding, Severity} from '../finding.js'

const COMMANDS: Record<Severity, string> = {error: 'error', info: 'notice', warning: 'warning'}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => `::${COMMANDS[f.severity]} file=${escapeProperty(f.file)},line=${f.line},col=${f.col},title=${escapeProperty(f.check)}::${escapeData(f.message)}\n`)
    .join('')
}
