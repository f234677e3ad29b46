import {Document} from 'yaml'

/**
 * Rule and test files laid out by hand, exactly as the yaml library lays them out (YAML 1.1, which
 * Prometheus' Go yaml reads, no line folding), with only each distinct scalar written by the library:
 * the test files of a big fleet went through the library's document model at ~0.5 ms per KB. Shapes
 * this does not lay out (a list directly in a list, an object met twice, which the library would
 * write as an alias, a key the library would not write on one line) send the whole value to the
 * library. test/prometheus-rules/block-yaml.test.ts holds the two to the same bytes.
 */
export function yamlText(value: unknown, header: string): string {
  const lines: string[] = []
  if (blockValue(value) && emitMap(value as Record<string, unknown>, 0, lines, new Set())) {
    return `${header.split('\n').map((line) => `#${line}`).join('\n')}\n\n${lines.join('\n')}\n`
  }
  return library(value, header)
}

/** How the library writes a value: YAML 1.1, no line folding. */
function library(value: unknown, header?: string): string {
  const document = new Document(value, {version: '1.1'})
  if (header !== undefined) document.commentBefore = header
  return document.toString({lineWidth: 0})
}

type Scalar = string | number | boolean | null

const values = new Map<string, string[] | null>()
const keys = new Map<string, string | null>()

/**
 * The library's lines for one scalar as a map value (a block scalar's content lines without their
 * two spaces of indentation), cached by value; null when it would not lay it out that way. Written in
 * a map rather than alone: at the top of a document the library indents some block scalars more.
 */
function scalarLines(value: Scalar): string[] | null {
  if (typeof value === 'string' && isPlain(value)) return [value]
  const key = `${typeof value}:${String(value)}`
  let lines = values.get(key)
  if (lines === undefined) {
    const [first, ...rest] = library({k: value}).slice(0, -1).split('\n')
    const content = rest.map((line) => (line === '' ? '' : line.startsWith('  ') ? line.slice(2) : null))
    lines = first!.startsWith('k: ') && !content.includes(null) ? [first!.slice(3), ...(content as string[])] : null
    values.set(key, lines)
  }
  return lines
}

/** The library's text for a map key, or null where it is not a one-line `key: value`. */
function keyText(name: string): string | null {
  // The library writes a key over 1,024 characters as an explicit `? key`.
  if (name.length <= 1024 && isPlain(name)) return name
  let text = keys.get(name)
  if (text === undefined) {
    const lines = library({[name]: 0}).slice(0, -1).split('\n')
    text = lines.length === 1 && lines[0]!.endsWith(': 0') && !lines[0]!.startsWith('? ') ? lines[0]!.slice(0, -3) : null
    keys.set(name, text)
  }
  return text
}

/**
 * Texts the library writes plain in YAML 1.1, told without calling it: a letter or `_` first (so no
 * indicator and no number, date or `<<`), then printable ASCII; no `: `, no ` #`, no trailing space
 * or colon; and not one of YAML 1.1's booleans or nulls. Most scalars of a rule or test file (names,
 * series, label values, annotations) are such texts, and each cost a library document.
 */
const PLAIN = /^[A-Za-z_][\x20-\x7e]*$/
const NOT_PLAIN = /: | #|[ :]$/
const BOOL_OR_NULL = /^(?:[Yy]|[Yy]es|YES|[Nn]|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$/
const isPlain = (text: string): boolean => PLAIN.test(text) && !NOT_PLAIN.test(text) && !BOOL_OR_NULL.test(text)

const isScalar = (value: unknown): value is Scalar => value === null || ['string', 'number', 'boolean'].includes(typeof value)
const blockValue = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0

/**
 * `head` followed by a scalar, its block content (if any) indented `indent` + 2. False for a block
 * scalar that starts or ends with an empty line or keeps its final newlines: the library indents
 * some of those empty lines and not others.
 */
function pushScalar(head: string, value: Scalar, indent: number, lines: string[]): boolean {
  const rendered = scalarLines(value)
  if (!rendered) return false
  const [first, ...rest] = rendered
  if (rest.length > 0 && (rest[0] === '' || rest.at(-1) === '' || /[+0-9]/.test(first!))) return false
  lines.push(`${head}${first}`)
  const pad = ' '.repeat(indent + 2)
  for (const line of rest) lines.push(line === '' ? '' : `${pad}${line}`)
  return true
}

function emitMap(map: Record<string, unknown>, indent: number, lines: string[], seen: Set<object>): boolean {
  if (seen.has(map)) return false
  seen.add(map)
  const pad = ' '.repeat(indent)
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue
    const name = keyText(key)
    if (name === null) return false
    const head = `${pad}${name}:`
    if (!emitEntry(head, value, indent, lines, seen)) return false
  }
  return true
}

/** One value after `head` (a key and colon, or a sequence dash), nested below it at `indent` + 2. */
function emitEntry(head: string, value: unknown, indent: number, lines: string[], seen: Set<object>): boolean {
  if (isScalar(value)) return pushScalar(`${head} `, value, indent, lines)
  if (Array.isArray(value)) {
    if (value.length === 0) {
      lines.push(`${head} []`)
      return true
    }
    lines.push(head)
    return emitSeq(value, indent + 2, lines, seen)
  }
  if (typeof value !== 'object' || value === null) return false
  if (Object.keys(value).length === 0) {
    lines.push(`${head} {}`)
    return true
  }
  lines.push(head)
  return emitMap(value as Record<string, unknown>, indent + 2, lines, seen)
}

function emitSeq(seq: readonly unknown[], indent: number, lines: string[], seen: Set<object>): boolean {
  if (seen.has(seq)) return false
  seen.add(seq)
  const pad = ' '.repeat(indent)
  for (const item of seq) {
    if (isScalar(item)) {
      if (!pushScalar(`${pad}- `, item, indent, lines)) return false
      continue
    }
    if (Array.isArray(item) || typeof item !== 'object' || item === null) return false
    if (Object.keys(item).length === 0) {
      lines.push(`${pad}- {}`)
      continue
    }
    // A map in a list: its first key on the dash's line, the others below it.
    const start = lines.length
    if (!emitMap(item as Record<string, unknown>, indent + 2, lines, seen)) return false
    lines[start] = `${pad}- ${lines[start]!.slice(indent + 2)}`
  }
  return true
}
