import {RUNTIME_LOGS} from '../../catalog/index.js'
import type {Fleet, Logging} from '../../normalize/fleet-model.js'
import {renderTextTemplate} from '../../templates/render.js'

const REDACTED = '[REDACTED]'

/** `[Aa][Pp][Ii]…` for a word, with `_` meaning "_, - or nothing": Lua patterns have no /i. */
function anyCase(word: string): string {
  return [...word].map((c) => (c === '_' ? '[_%-]?' : /[a-z]/.test(c) ? `[${c.toUpperCase()}${c}]` : c)).join('')
}

/**
 * Built-in redactions, Lua patterns with their replacements: e-mail addresses, bearer tokens and
 * Authorization values, the API-key formats of the common providers (OpenAI/Anthropic `sk-`,
 * Hugging Face `hf_`, GitHub `gh?_`, AWS `AKIA`, Slack `xox?-`) and `key=value` / `"key": "value"`
 * pairs whose key says it is a secret.
 */
export const BUILT_IN_REDACTIONS: readonly [pattern: string, replacement: string][] = [
  ['[%w%.%%%+%-_]+@[%w%-]+%.[%w%.%-]*%a%a', REDACTED],
  [`(${anyCase('bearer')}%s+)[%w%-%._~%+/]+=*`, `%1${REDACTED}`],
  [`(${anyCase('authorization')}["']?%s*[:=]%s*["']?%a+%s+)[^%s"',;]+`, `%1${REDACTED}`],
  [`sk%-${'[%w%-_]'.repeat(16)}[%w%-_]*`, REDACTED],
  [`hf_${'%w'.repeat(20)}%w*`, REDACTED],
  [`gh[pousr]_${'%w'.repeat(20)}%w*`, REDACTED],
  [`AKIA${'[%u%d]'.repeat(16)}`, REDACTED],
  ['xox[abposr]%-[%w%-]+', REDACTED],
  ...['api_key', 'access_token', 'secret', 'password', 'token'].map((word): [string, string] => [`(${anyCase(word)}["']?%s*[:=]%s*["']?)[^%s"',;&}]+`, `%1${REDACTED}`]),
]

/** Ollama's inference endpoints (server/routes.go); its other requests (/api/tags, /api/ps, /) are not requests to a model. */
export const OLLAMA_INFERENCE_PATHS = ['/api/chat', '/api/embed', '/api/embeddings', '/api/generate', '/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/messages']

function luaString(text: string): string {
  return `"${[...Buffer.from(text, 'utf8')].map((b) => (b === 0x22 ? '\\"' : b === 0x5c ? '\\\\' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${b}`)).join('')}"`
}

function luaSettings(logging: Logging): string {
  const redactions = [...BUILT_IN_REDACTIONS, ...logging.redact.map((p): [string, string] => [p, REDACTED])]
  const parsers = Object.entries(RUNTIME_LOGS)
    .filter(([, log]) => log !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([runtime, log]) => `    [${luaString(runtime)}] = ${luaString(log!.parser)},`)
  return [
    '{',
    `  prompts = ${luaString(logging.prompts)},`,
    `  prompt_fields = {${logging.promptFields.map(luaString).join(', ')}},`,
    '  redactions = {',
    ...redactions.map(([pattern, replacement]) => `    {${luaString(pattern)}, ${luaString(replacement)}},`),
    '  },',
    '  runtime_parsers = {',
    ...parsers,
    '  },',
    '  ollama_paths = {',
    ...OLLAMA_INFERENCE_PATHS.map((path) => `    [${luaString(path)}] = true,`),
    '  },',
    '}',
  ].join('\n')
}

/**
 * The script is the same on every node of a fleet (it depends on the logging section alone), so it
 * is rendered once and every node's file shares the one string: at 10,000 nodes, 94 MB less held.
 */
const scripts = new WeakMap<Logging, {fleet: string; script: string}>()

export function renderLuaScript(fleet: Fleet, logging: Logging): string {
  const cached = scripts.get(logging)
  if (cached?.fleet === fleet.name) return cached.script
  const script = renderTextTemplate('fluent-bit/inferwatch.lua', {fleet: fleet.name, settings: luaSettings(logging)})
  scripts.set(logging, {fleet: fleet.name, script})
  return script
}
