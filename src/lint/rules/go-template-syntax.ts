/**
 * Parse-time checks of Go's text/template as Prometheus uses it for alert labels and annotations
 * (prometheus/prometheus template/template.go): delimiters, block structure, declared variables and
 * defined functions. Prometheus parses these templates when it loads a rule file, so any error here
 * makes the whole file fail to load. Execution-time behaviour is out of scope.
 */
export interface TemplateError {
  /** Index in the template text. */
  index: number
  message: string
}

const GO_BUILTINS = ['and', 'call', 'eq', 'ge', 'gt', 'html', 'index', 'js', 'le', 'len', 'lt', 'ne', 'not', 'or', 'print', 'printf', 'println', 'slice', 'urlquery']
const PROMETHEUS_FUNCTIONS = [
  'args', 'externalURL', 'first', 'graphLink', 'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp',
  'label', 'match', 'now', 'parseDuration', 'pathPrefix', 'query', 'reReplaceAll', 'safeHtml', 'sortByLabel', 'strvalue', 'stripDomain',
  'stripPort', 'tableLink', 'title', 'toDuration', 'toLower', 'toTime', 'toUpper', 'value',
]
const FUNCTIONS = new Set([...GO_BUILTINS, ...PROMETHEUS_FUNCTIONS])
/** Prometheus prepends definitions of these to every alert template. */
const PREDEFINED_VARIABLES = ['$', '$labels', '$externalLabels', '$externalURL', '$value']
const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue'])
const CONSTANTS = new Set(['true', 'false', 'nil'])

type Token = {kind: 'ident' | 'var' | 'field' | 'string' | 'number' | 'punct'; text: string; index: number}

export function checkGoTemplate(text: string): TemplateError | undefined {
  const blocks: {keyword: string; index: number}[] = []
  const scopes: Set<string>[] = [new Set(PREDEFINED_VARIABLES)]
  let i = 0
  for (;;) {
    const open = text.indexOf('{{', i)
    if (open < 0) break
    let start = open + 2
    if (text.startsWith('- ', start) || text.startsWith('-\t', start) || text.startsWith('-\n', start)) start += 1
    const lexed = lexAction(text, start)
    if ('message' in lexed) return lexed
    i = lexed.end
    const {tokens} = lexed
    if (tokens.length === 0) {
      if (lexed.comment) continue
      return {index: open, message: 'missing value for command'}
    }
    const error = checkAction(tokens, open, blocks, scopes)
    if (error) return error
  }
  const unclosed = blocks[blocks.length - 1]
  if (unclosed) return {index: unclosed.index, message: `unexpected EOF: {{${unclosed.keyword}}} without {{end}}`}
  return undefined
}

function lexAction(text: string, from: number): {tokens: Token[]; end: number; comment: boolean} | TemplateError {
  const tokens: Token[] = []
  let i = from
  while (i < text.length && /\s/.test(text[i]!)) i++
  if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2)
    if (close < 0) return {index: from - 2, message: 'unclosed comment'}
    let after = close + 2
    while (after < text.length && /\s/.test(text[after]!)) after++
    if (text.startsWith('-}}', after)) after += 1
    if (!text.startsWith('}}', after)) return {index: from - 2, message: 'comment ends before closing delimiter'}
    return {comment: true, end: after + 2, tokens}
  }
  for (;;) {
    if (i >= text.length) return {index: from - 2, message: 'unclosed action'}
    const ch = text[i]!
    if (text.startsWith('}}', i)) return {comment: false, end: i + 2, tokens}
    if ((ch === ' ' || ch === '\t' || ch === '\n') && text.startsWith('-}}', i + 1)) return {comment: false, end: i + 4, tokens}
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const rest = text.slice(i)
    const match =
      /^"(?:[^"\\\n]|\\.)*"/.exec(rest) ??
      /^`[^`]*`/.exec(rest) ??
      /^'(?:[^'\\\n]|\\.)+'/.exec(rest) ??
      /^\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(rest) ??
      /^(?:\.[A-Za-z0-9_]+)+|^\./.exec(rest) ??
      /^[-+]?(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)/.exec(rest) ??
      /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(rest) ??
      /^(?::=|=|\||\(|\)|,)/.exec(rest)
    if (!match) {
      if (ch === '"' || ch === '`' || ch === "'") return {index: i, message: 'unterminated quoted string'}
      return {index: i, message: `unexpected ${JSON.stringify(ch)} in command`}
    }
    const token = match[0]
    const kind: Token['kind'] = /^["`']/.test(token) ? 'string' : token.startsWith('$') ? 'var' : token.startsWith('.') && !/^\.\d/.test(token) ? 'field' : /^[-+.\d]/.test(token) ? 'number' : /^[A-Za-z_]/.test(token) ? 'ident' : 'punct'
    tokens.push({index: i, kind, text: token})
    i += token.length
  }
}

function checkAction(tokens: Token[], at: number, blocks: {keyword: string; index: number}[], scopes: Set<string>[]): TemplateError | undefined {
  const first = tokens[0]!
  const keyword = first.kind === 'ident' && KEYWORDS.has(first.text) ? first.text : undefined
  const rest = keyword ? tokens.slice(1) : tokens
  switch (keyword) {
    case 'end': {
      if (rest.length > 0) return {index: at, message: 'unexpected token in end'}
      if (!blocks.pop()) return {index: at, message: 'unexpected {{end}}'}
      scopes.pop()
      return undefined
    }
    case 'else': {
      const top = blocks[blocks.length - 1]
      if (!top || !['if', 'range', 'with'].includes(top.keyword)) return {index: at, message: 'unexpected {{else}}'}
      scopes.pop()
      scopes.push(new Set())
      if (rest.length === 0) return undefined
      if (rest[0]!.text !== 'if' && rest[0]!.text !== 'with') return {index: at, message: 'unexpected token in else'}
      return checkPipeline(rest.slice(1), at, scopes, true)
    }
    case 'if':
    case 'with':
    case 'range': {
      if (rest.length === 0) return {index: at, message: `missing value for ${keyword}`}
      blocks.push({index: at, keyword})
      scopes.push(new Set())
      return checkPipeline(rest, at, scopes, true)
    }
    case 'define':
    case 'block': {
      if (rest[0]?.kind !== 'string') return {index: at, message: `${keyword} name must be a string`}
      blocks.push({index: at, keyword})
      scopes.push(new Set(PREDEFINED_VARIABLES))
      return keyword === 'block' && rest.length > 1 ? checkPipeline(rest.slice(1), at, scopes, false) : undefined
    }
    case 'template': {
      if (rest[0]?.kind !== 'string') return {index: at, message: 'template name must be a string'}
      return rest.length > 1 ? checkPipeline(rest.slice(1), at, scopes, false) : undefined
    }
    case 'break':
    case 'continue': {
      if (!blocks.some((b) => b.keyword === 'range')) return {index: at, message: `{{${keyword}}} outside {{range}}`}
      return undefined
    }
    default:
      return checkPipeline(rest, at, scopes, false)
  }
}

function checkPipeline(tokens: Token[], at: number, scopes: Set<string>[], allowTwoVariables: boolean): TemplateError | undefined {
  let body = tokens
  const declare = tokens.findIndex((t) => t.text === ':=' || t.text === '=')
  if (declare >= 0 && tokens.slice(0, declare).every((t) => t.kind === 'var' || t.text === ',')) {
    const names = tokens.slice(0, declare).filter((t) => t.kind === 'var')
    if (names.length === 0 || names.length > (allowTwoVariables ? 2 : 1)) return {index: at, message: 'too many declarations in command'}
    if (tokens[declare]!.text === '=') {
      for (const name of names) if (!isDeclared(name.text, scopes)) return {index: name.index, message: `undefined variable "${name.text}"`}
    }
    body = tokens.slice(declare + 1)
    const error = checkCommands(body, at, scopes)
    for (const name of names) scopes[scopes.length - 1]!.add(name.text)
    return error
  }
  return checkCommands(body, at, scopes)
}

function isDeclared(variable: string, scopes: Set<string>[]): boolean {
  const root = variable.split('.')[0]!
  return scopes.some((scope) => scope.has(root))
}

function checkCommands(tokens: Token[], at: number, scopes: Set<string>[]): TemplateError | undefined {
  let depth = 0
  let commandLength = 0
  for (const token of tokens) {
    if (token.text === '(') {
      depth++
      commandLength = 0
      continue
    }
    if (token.text === ')') {
      if (depth === 0) return {index: token.index, message: 'unexpected right paren'}
      if (commandLength === 0) return {index: token.index, message: 'missing value for command'}
      depth--
      commandLength = 1
      continue
    }
    if (token.text === '|') {
      if (commandLength === 0) return {index: token.index, message: 'missing value for command'}
      commandLength = 0
      continue
    }
    if (token.text === ':=' || token.text === '=' || token.text === ',') return {index: token.index, message: `unexpected ${JSON.stringify(token.text)} in operand`}
    if (token.kind === 'var' && !isDeclared(token.text, scopes)) return {index: token.index, message: `undefined variable "${token.text.split('.')[0]}"`}
    if (token.kind === 'ident') {
      const name = token.text.split('.')[0]!
      if (KEYWORDS.has(name)) return {index: token.index, message: `unexpected <${name}> in command`}
      if (!CONSTANTS.has(name) && !FUNCTIONS.has(name)) return {index: token.index, message: `function "${name}" not defined`}
    }
    commandLength++
  }
  if (depth > 0) return {index: at, message: 'unclosed left paren'}
  if (commandLength === 0) return {index: at, message: 'missing value for command'}
  return undefined
}
