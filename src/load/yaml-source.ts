import {isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair} from 'yaml'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {formatPath} from '../diagnostics/diagnostic.js'
import {fastYamlValue} from './fast-yaml.js'

/**
 * A parsed YAML file that can answer "where is this path?" for diagnostics. `document` (with its
 * line counter) is `yaml`'s parse, made on first use when the data came from the fast reader.
 */
export interface YamlSource {
  file: string
  text: string
  readonly document: Document.Parsed
  readonly lineCounter: LineCounter
}

export type ParseResult = {ok: true; source: YamlSource; value: unknown} | {ok: false; diagnostics: Diagnostic[]}

/** `merge` accepts YAML 1.1 merge keys (`<<: *defaults`), which people use to share node settings. */
const parseWithPositions = (text: string) => {
  const lineCounter = new LineCounter()
  return {document: parseDocument(text, {lineCounter, merge: true, prettyErrors: false, uniqueKeys: true}), lineCounter}
}

export function parseYaml(file: string, text: string): ParseResult {
  const fast = fastYamlValue(text)
  if (fast !== undefined) return {ok: true, source: lazySource(file, text), value: fast}
  const {document, lineCounter} = parseWithPositions(text)
  const at = (offset: number, message: string): Diagnostic => {
    const pos = lineCounter.linePos(offset)
    return {col: pos.col, file, line: pos.line, message, path: ''}
  }
  const diagnostics = document.errors.map((error) => at(error.pos[0], `invalid YAML: ${firstLine(error.message)}`))
  // The parser accepts an alias whose anchor is missing; turning it into data would throw later.
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) === undefined) diagnostics.push(at(alias.range?.[0] ?? 0, `invalid YAML: alias *${alias.source} has no anchor &${alias.source} before it`))
    },
    Pair(_, pair) {
      // `<<: *x` merges a mapping; anything else fails only when the data is built, without a position.
      if (!isScalar(pair.key) || pair.key.source !== '<<') return
      const merged = isAlias(pair.value) ? pair.value.resolve(document) : pair.value
      const sources = isSeq(merged) ? merged.items.map((item) => (isAlias(item) ? item.resolve(document) : item)) : [merged]
      if (sources.some((source) => source !== undefined && !isMap(source))) {
        diagnostics.push(at(pair.key.range?.[0] ?? 0, 'invalid YAML: a merge key (<<) must merge a mapping or a list of mappings'))
      }
    },
  })
  if (diagnostics.length > 0) return {diagnostics, ok: false}
  try {
    // A fleet of a thousand nodes merging one anchor is normal; the cap only stops alias bombs.
    return {ok: true, source: {document, file, lineCounter, text}, value: document.toJS({maxAliasCount: 100_000})}
  } catch (error) {
    // Errors found only while building data (a merge of a non-mapping, an alias bomb) carry no position.
    return {diagnostics: [at(0, `invalid YAML: ${firstLine((error as Error).message)}`)], ok: false}
  }
}

/** A source whose positions are parsed only when a diagnostic asks for one: a valid fleet never pays for them. */
function lazySource(file: string, text: string): YamlSource {
  let parsed: ReturnType<typeof parseWithPositions> | undefined
  return {
    get document() {
      return (parsed ??= parseWithPositions(text)).document
    },
    file,
    get lineCounter() {
      return (parsed ??= parseWithPositions(text)).lineCounter
    },
    text,
  }
}

export function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

/**
 * The node at `path`, or the deepest existing ancestor. With `key: true` a map entry's key is
 * returned instead of its value (for "unknown key" and "duplicate name" messages).
 */
function findNode(source: YamlSource, path: readonly PropertyKey[], key = false): Node | null {
  let current: unknown = source.document.contents
  let located: Node | null = (current as Node) ?? null
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]
    const last = i === path.length - 1
    if (isMap(current)) {
      const pair = current.items.find((item: Pair) => isScalar(item.key) && String(item.key.value) === String(segment))
      if (!pair) return located
      if (last && key && pair.key) return pair.key as Node
      current = pair.value
      located = (pair.value as Node | null) ?? (pair.key as Node)
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment]
      if (item === undefined) return located
      current = isPair(item) ? item.value : item
      located = current as Node
    } else {
      return located
    }
  }
  return located
}

export function locate(source: YamlSource, path: readonly PropertyKey[], options: {key?: boolean} = {}): {line: number; col: number} {
  const node = findNode(source, path, options.key)
  const offset = node?.range?.[0] ?? 0
  return source.lineCounter.linePos(offset)
}

export function diagnosticAt(source: YamlSource, path: readonly PropertyKey[], message: string, options: {key?: boolean} = {}): Diagnostic {
  const {line, col} = locate(source, path, options)
  return {col, file: source.file, line, message, path: formatPath(path)}
}
