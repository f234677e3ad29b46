import type {Finding} from './finding.js'
import type {TextFile} from './text-file.js'

const DIRECTIVE = /inferwatch-disable-next-line\b([^\n]*)/

/**
 * `# inferwatch-disable-next-line ID[, ID…]` silences those checks (all, without ids) on the next
 * line that is not blank or a comment. It works in YAML, Fluent Bit files and inside PromQL block
 * scalars, where `#` starts a PromQL comment.
 */
export function suppressedByComment(file: TextFile, finding: Finding): boolean {
  for (let line = finding.line - 1; line >= 1; line--) {
    const text = file.lineText(line).trim()
    if (text === '') continue
    if (!text.startsWith('#') && !text.startsWith('//')) return false
    const match = DIRECTIVE.exec(text)
    if (!match) continue
    const ids = match[1]!.split(/[\s,]+/).filter((id) => id !== '' && !id.startsWith('--'))
    if (ids.length === 0 || ids.includes(finding.check)) return true
  }
  return false
}
