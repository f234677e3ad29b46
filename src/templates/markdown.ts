/**
 * Fleet strings are data: a node, site or model name must never become Markdown or HTML structure.
 * Every string reaching a runbook template is escaped here unless a generator marks it `Trusted`
 * (text inferwatch itself wrote, such as PromQL for a code block).
 */
export class Trusted {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

export const trusted = (text: string): Trusted => new Trusted(text)

// Enough to stop emphasis, code, links and images (their brackets), HTML, tables and strikethrough.
const SPECIAL_CHARACTERS = String.raw`\\\`*_[\]<>#|~&`
const INLINE_SPECIAL = new RegExp(`[${SPECIAL_CHARACTERS}]`, 'g')

/** Anything escapeMarkdownInline changes: most fleet strings (names, paths) hold none of it. */
const NEEDS_ESCAPING = new RegExp(`[\r\n${SPECIAL_CHARACTERS}]|://`)

/** Escapes a value for inline Markdown: backslash-escapes what Markdown treats as syntax, folds newlines. */
export function escapeMarkdownInline(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text
  return text
    .replace(/\r?\n/g, ' ')
    .replace(INLINE_SPECIAL, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`))
    // A bare scheme://… becomes a link in GitHub's Markdown; an escaped colon keeps it text.
    .replace(/:\/\//g, '\\://')
}

/** Text for a fenced code block: it cannot close the fence early. */
export function codeBlockText(text: string): Trusted {
  return trusted(text.replace(/```/g, '`\u200b``'))
}

/**
 * Escaped copies by original object: the fleet's part of a runbook context is one object shared by
 * every page, so it is escaped once, not once per page. Contexts are never mutated after rendering.
 */
const escaped = new WeakMap<object, unknown>()

/** Deeply escapes every string in a template context; `Trusted` values pass through as their text. */
export function markdownSafe(value: unknown): unknown {
  if (value instanceof Trusted) return value.text
  if (typeof value === 'string') return escapeMarkdownInline(value)
  if (value === null || typeof value !== 'object') return value
  const cached = escaped.get(value)
  if (cached !== undefined) return cached
  const safe = Array.isArray(value) ? value.map(markdownSafe) : Object.fromEntries(Object.entries(value).map(([key, v]) => [key, markdownSafe(v)]))
  escaped.set(value, safe)
  return safe
}

/** Reverses escapeMarkdownInline exactly (it escapes backslashes too, so nothing is ambiguous). */
export function unescapeMarkdownInline(text: string): string {
  return text.replace(/&amp;|&lt;|&gt;|\\(.)/g, (match, escaped: string | undefined) =>
    escaped ?? (match === '&amp;' ? '&' : match === '&lt;' ? '<' : '>'),
  )
}

/** An inline code span of raw text; the fence grows if the text holds backticks. */
export function codeSpan(raw: string): string {
  const longestRun = Math.max(0, ...(raw.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = raw.startsWith('`') || raw.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${raw}${pad}${fence}`
}

/** Wraps prose at `width` columns; continuation lines get `indent` (two spaces under a list item). */
export function wrapProse(text: string, width: number, indent = ''): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = indent + word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines.join('\n')
}
