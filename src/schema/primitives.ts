import {z} from 'zod'

import {didYouMean} from '../diagnostics/suggest.js'

/** Prometheus duration syntax (`15s`, `5m`, `1h30m`, `7d`), units in descending order as Prometheus requires. */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/
const UNIT_SECONDS = [365 * 86_400, 7 * 86_400, 86_400, 3600, 60, 1, 0.001]

export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text)
  if (!match || text === '') return undefined
  let seconds = 0
  match.slice(1).forEach((part, i) => {
    if (part !== undefined) seconds += Number(part) * UNIT_SECONDS[i]!
  })
  return seconds
}

export const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined && parseDuration(text)! > 0, {
    message: 'must be a Prometheus duration such as 15s, 5m, 1h30m or 7d',
  })
  .meta({description: 'Prometheus duration: 15s, 5m, 1h30m, 7d', examples: ['15s', '5m', '7d']})

/** Names become file names, label values and Prometheus job names: keep them boring. */
export const SAFE_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/
export const safeName = z
  .string()
  .regex(SAFE_NAME, {message: 'must be 1–63 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit (it is used in file names and label values)'})

export const port = z.number().int().min(1).max(65_535)

/**
 * An absolute file path; secrets and certificates are always referenced, never inlined. Paths end
 * up in YAML, systemd units and shell scripts, so only characters none of them treat specially.
 */
export const filePath = z
  .string()
  .regex(/^(?:\/[A-Za-z0-9._@+-]+)+\/?$/, {message: 'must be an absolute file path of letters, digits and . _ @ + - (no spaces or quotes)'})

/** An absolute path that may hold `*` wildcards, for files a log shipper tails. */
export const globPath = z
  .string()
  .regex(/^(?:\/[A-Za-z0-9._@+*-]+)+$/, {message: 'must be an absolute file path (wildcards * allowed) of letters, digits and . _ @ + - *'})

/**
 * A Lua pattern (the redaction runs in Fluent Bit's Lua filter). Checked for the mistakes that
 * make string.gsub raise at run time on the node: an unclosed set and a trailing escape.
 */
export const luaPattern = z
  .string()
  .min(1)
  .refine((text) => luaPatternProblem(text) === undefined, {error: (issue) => luaPatternProblem(String(issue.input)) ?? 'invalid Lua pattern'})

export function luaPatternProblem(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '%') {
      if (i === pattern.length - 1) return 'must not end with a lone "%" (Lua: malformed pattern)'
      i++
    } else if (c === '[') {
      let j = i + 1
      if (pattern[j] === '^') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '%' ? 2 : 1
      if (j >= pattern.length) return 'has a "[" without its "]" (Lua: malformed pattern, missing "]")'
      i = j
    }
  }
  return undefined
}

/** The path part of a URL, e.g. `/metrics`. */
export const httpPath = z.string().regex(/^\/[^\s?#]*$/, {message: 'must be a URL path starting with "/"'})

export const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+/, {message: 'must be an http:// or https:// URL'})

/** host or host:port, for addresses Prometheus dials. */
export const hostAddress = z
  .string()
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:]+\])$/, {message: 'must be a host name or IP address without port or scheme'})

export const labelValue = z.string().min(1).max(128)
export const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, {message: 'must be a valid Prometheus label name'})

/** Standard 5-field cron (minute hour day-of-month month day-of-week), or an @-shortcut. */
const CRON_FIELD = /^(?:\*|\d+(?:-\d+)?)(?:\/\d+)?(?:,(?:\*|\d+(?:-\d+)?)(?:\/\d+)?)*$/
export const cronSchedule = z
  .string()
  .refine(
    (text) =>
      /^@(?:hourly|daily|weekly|monthly|yearly)$/.test(text) ||
      (text.trim().split(/\s+/).length === 5 && text.trim().split(/\s+/).every((field) => CRON_FIELD.test(field))),
    {message: 'must be a 5-field cron schedule such as "0 3 * * *" or one of @hourly, @daily, @weekly, @monthly'},
  )

/** An enum whose error names the valid values and suggests the nearest one. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, {
    error: (issue) =>
      `unknown ${what} ${JSON.stringify(issue.input)}${didYouMean(issue.input, values)}; expected one of: ${values.join(', ')}`,
  })
}

export const percent = z.number().min(0).max(100)

/** Compares major.minor versions numerically ("0.26" < "0.100"). */
export function atLeastVersion(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number)
  return major > minMajor || (major === minMajor && minor >= minMinor)
}
