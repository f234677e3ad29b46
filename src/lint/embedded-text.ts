import type {Scalar} from 'yaml'

/**
 * A string taken out of a file (a YAML scalar, a JSON string, a ConfigMap entry) with, for each of
 * its characters, the offset in the file it was written at. Positions inside a PromQL expression
 * or an embedded JSON document are reported at the file's line and column through it, also when
 * the string was written as a block scalar or with escapes.
 */
export interface EmbeddedText {
  text: string
  /** File offset of the character at `index` (index === text.length is the end). */
  at(index: number): number
}

export function verbatim(text: string, start: number): EmbeddedText {
  return {at: (index) => start + index, text}
}

/** Chains a text found inside an embedded text (a JSON document inside a YAML block scalar). */
export function within(outer: EmbeddedText, inner: EmbeddedText): EmbeddedText {
  return {at: (index) => outer.at(inner.at(index)), text: inner.text}
}

function fromOffsets(text: string, offsets: number[], fallback: number): EmbeddedText {
  return {at: (index) => offsets[index] ?? offsets[offsets.length - 1] ?? fallback, text}
}

/** The decoded value of a YAML scalar and where each of its characters is in `source`. */
export function scalarText(scalar: Scalar, source: string): EmbeddedText {
  const value = typeof scalar.value === 'string' ? scalar.value : String(scalar.source ?? scalar.value)
  const [start, end] = scalar.range ?? [0, 0]
  // Offsets are worked out on the first question only: most scalars never carry a finding.
  let located: EmbeddedText | undefined
  const locate = (): EmbeddedText => {
    const decoded = decode(scalar.type, source, start, end)
    // Any style the decoders below get wrong still reports at the scalar's start, never elsewhere.
    if (decoded && decoded.text.startsWith(value)) return fromOffsets(value, decoded.offsets.slice(0, value.length + 1), start)
    return {at: () => start, text: value}
  }
  return {at: (index) => (located ??= locate()).at(index), text: value}
}

/** A JSON string literal whose opening quote is at `start`. */
export function jsonStringText(value: string, source: string, start: number, end: number): EmbeddedText {
  const decoded = decodeDoubleQuoted(source, start, end, false)
  if (decoded.text === value) return fromOffsets(value, decoded.offsets, start)
  return {at: () => start, text: value}
}

interface Decoded {
  text: string
  offsets: number[]
}

function decode(type: Scalar['type'], source: string, start: number, end: number): Decoded | undefined {
  switch (type) {
    case 'QUOTE_DOUBLE':
      return decodeDoubleQuoted(source, start, end, true)
    case 'QUOTE_SINGLE':
      return decodeSingleQuoted(source, start, end)
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return decodeBlock(source, start, end, type === 'BLOCK_FOLDED')
    case 'PLAIN':
      return decodePlain(source, start, end)
    default:
      return undefined
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {'"': '"', '/': '/', '0': '\0', '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v'}
const HEX_ESCAPE_LENGTH: Record<string, number> = {U: 8, u: 4, x: 2}

function decodeDoubleQuoted(source: string, start: number, end: number, folding: boolean): Decoded {
  let text = ''
  const offsets: number[] = []
  const push = (chars: string, offset: number) => {
    for (let k = 0; k < chars.length; k++) offsets.push(offset)
    text += chars
  }
  let i = start + 1
  const close = source.lastIndexOf('"', end - 1)
  while (i < close) {
    const c = source[i]!
    if (c === '\\') {
      const e = source[i + 1] ?? ''
      if (HEX_ESCAPE_LENGTH[e]) {
        const hex = source.slice(i + 2, i + 2 + HEX_ESCAPE_LENGTH[e])
        push(String.fromCodePoint(Number.parseInt(hex, 16) || 0), i)
        i += 2 + HEX_ESCAPE_LENGTH[e]
        continue
      }
      if (folding && (e === '\n' || e === '\r')) {
        i += 2
        while (source[i] === ' ' || source[i] === '\t' || source[i] === '\n') i++
        continue
      }
      push(SIMPLE_ESCAPES[e] ?? e, i)
      i += 2
      continue
    }
    if (folding && c === '\n') {
      // Folded line break: trailing and leading white space go, one break is a space.
      while (text.endsWith(' ') || text.endsWith('\t')) {
        text = text.slice(0, -1)
        offsets.pop()
      }
      let breaks = 0
      while (i < close && /\s/.test(source[i]!)) {
        if (source[i] === '\n') breaks++
        i++
      }
      push(breaks > 1 ? '\n'.repeat(breaks - 1) : ' ', i)
      continue
    }
    push(c, i)
    i++
  }
  offsets.push(close)
  return {offsets, text}
}

function decodeSingleQuoted(source: string, start: number, end: number): Decoded {
  let text = ''
  const offsets: number[] = []
  const close = source.lastIndexOf("'", end - 1)
  for (let i = start + 1; i < close; i++) {
    if (source[i] === "'" && source[i + 1] === "'") i++
    if (source[i] === '\n') return {offsets, text: '\u0000'}
    offsets.push(i)
    text += source[i]
  }
  offsets.push(close)
  return {offsets, text}
}

function decodePlain(source: string, start: number, end: number): Decoded {
  const slice = source.slice(start, end)
  if (!slice.includes('\n')) return {offsets: Array.from({length: slice.length + 1}, (_, k) => start + k), text: slice}
  let text = ''
  const offsets: number[] = []
  let lineStart = start
  let pendingBreaks = 0
  for (const line of slice.split('\n')) {
    const content = line.replace(/\r$/, '').trim()
    if (content === '') {
      pendingBreaks++
    } else {
      const lead = line.length - line.trimStart().length
      if (text !== '') {
        const sep = pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' '
        for (let k = 0; k < sep.length; k++) offsets.push(lineStart)
        text += sep
      }
      for (let k = 0; k < content.length; k++) offsets.push(lineStart + lead + k)
      text += content
      pendingBreaks = 0
    }
    lineStart += line.length + 1
  }
  offsets.push(end)
  return {offsets, text}
}

function decodeBlock(source: string, start: number, end: number, folded: boolean): Decoded {
  const headerEnd = source.indexOf('\n', start)
  if (headerEnd < 0 || headerEnd >= end) return {offsets: [start], text: ''}
  const explicit = /[1-9]/.exec(source.slice(start, headerEnd))
  const lines: {offset: number; raw: string}[] = []
  let offset = headerEnd + 1
  while (offset < end) {
    const next = source.indexOf('\n', offset)
    const lineEnd = next < 0 || next > end ? end : next
    lines.push({offset, raw: source.slice(offset, lineEnd).replace(/\r$/, '')})
    offset = lineEnd + 1
  }
  const firstContent = lines.find((l) => l.raw.trim() !== '')
  const indent = explicit ? Number(explicit[0]) + (source.slice(source.lastIndexOf('\n', start) + 1, start).match(/^ */)?.[0].length ?? 0) : (firstContent?.raw.match(/^ */)?.[0].length ?? 0)
  let text = ''
  const offsets: number[] = []
  let previousFoldable = false
  for (const [n, line] of lines.entries()) {
    const content = line.raw.length > indent ? line.raw.slice(indent) : ''
    const foldable = folded && content !== '' && !/^\s/.test(content)
    if (n > 0) {
      // The break that ended the previous line: a space between two folded lines, else a newline.
      const sep = previousFoldable && foldable ? ' ' : '\n'
      offsets.push(line.offset - 1)
      text += sep
    }
    for (let k = 0; k < content.length; k++) offsets.push(line.offset + indent + k)
    text += content
    previousFoldable = foldable
  }
  offsets.push(end)
  text += '\n'
  offsets.push(end)
  return {offsets, text}
}


