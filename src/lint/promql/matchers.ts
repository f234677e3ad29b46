export interface Matcher {
  label: string
  op: '=' | '!=' | '=~' | '!~'
  /** Decoded value. */
  value: string
  /** Index of the label name in the expression. */
  nameFrom: number
  /** Index of the value's opening quote in the expression. */
  valueFrom: number
}

type MatcherReport = (check: 'promql/syntax' | 'promql/regex-never-matches', index: number, message: string) => void

/** Go's RE2 has no lookaround and no backreferences; JavaScript would accept them. */
const RE2_UNSUPPORTED = /\(\?[=!<]|\\[1-9]|\(\?<[A-Za-z]/

/** A regex as Prometheus runs it (fully anchored), or the reason it does not compile. */
export function compileLabelRegex(source: string): RegExp | string {
  if (RE2_UNSUPPORTED.test(source)) return 'lookaround and backreferences are not supported by RE2'
  try {
    // RE2 accepts inline flags like (?i) at the start; JavaScript does not.
    const inline = /^\(\?([ims]+)\)/.exec(source)
    const body = inline ? source.slice(inline[0].length) : source
    return new RegExp(`^(?:${body})$`, inline?.[1]!.includes('i') ? 'i' : '')
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, '')
  }
}

/** Top-level alternatives of a regex (splits at `|` outside groups and classes). */
function alternatives(source: string): string[] {
  const out: string[] = []
  let depth = 0
  let inClass = false
  let current = ''
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!
    if (ch === '\\') {
      current += ch + (source[i + 1] ?? '')
      i++
      continue
    }
    if (inClass) {
      if (ch === ']') inClass = false
    } else if (ch === '[') inClass = true
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === '|' && depth === 0) {
      out.push(current)
      current = ''
      continue
    }
    current += ch
  }
  out.push(current)
  return out
}

/** An alternative that needs text after `$` or before `^` cannot match a fully anchored value. */
function impossibleAnchor(branch: string): boolean {
  const plain = branch.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x')
  const dollar = plain.indexOf('$')
  if (dollar >= 0 && /[^)$|?*]/.test(plain.slice(dollar + 1).replace(/\)*$/, ''))) return true
  const caret = plain.lastIndexOf('^')
  return caret > 0 && /[^(^]/.test(plain.slice(0, caret).replace(/^\(*/, '').replace(/\?[:=!]/g, ''))
}

function matches(m: Matcher, value: string): boolean | undefined {
  if (m.op === '=') return value === m.value
  if (m.op === '!=') return value !== m.value
  const re = compileLabelRegex(m.value)
  if (typeof re === 'string') return undefined
  return m.op === '=~' ? re.test(value) : !re.test(value)
}

/** Invalid regexes (Prometheus rejects them) and matcher sets that no series can satisfy. */
export function checkSelectorMatchers(matchers: readonly Matcher[], report: MatcherReport): void {
  for (const m of matchers) {
    if (m.op !== '=~' && m.op !== '!~') continue
    const re = compileLabelRegex(m.value)
    if (typeof re === 'string') {
      report('promql/syntax', m.valueFrom, `error parsing regexp ${JSON.stringify(m.value)}: ${re}`)
      return
    }
    if (m.op === '=~' && alternatives(m.value).every(impossibleAnchor)) {
      report('promql/regex-never-matches', m.valueFrom, `${m.label}=~${JSON.stringify(m.value)} can never match: Prometheus anchors the regex at both ends, so ^ and $ may only stand at its start and end`)
    }
  }
  const byLabel = new Map<string, Matcher[]>()
  for (const m of matchers) byLabel.set(m.label, [...(byLabel.get(m.label) ?? []), m])
  for (const [label, group] of byLabel) {
    const equal = group.filter((m) => m.op === '=')
    const pinned = equal[0]
    if (!pinned) continue
    const conflict = group.find((m) => m !== pinned && matches(m, pinned.value) === false)
    if (conflict) {
      report(
        'promql/regex-never-matches',
        conflict.nameFrom,
        `${label}${conflict.op}${JSON.stringify(conflict.value)} contradicts ${label}="${pinned.value}" in the same selector: it can never match`,
      )
    }
  }
}
