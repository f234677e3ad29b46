/**
 * The rule catalog's tiny explicit substitution: `${name}`, `${name | duration}`,
 * `${name | percent}` and `${fn(arg, ...)}`. Nothing else is special, so PromQL braces and
 * Prometheus' own `{{ $labels.x }}` / `{{ $value }}` templates need no escaping (with Handlebars
 * every annotation would have to escape `{{`). Placeholders are parsed when the catalog is loaded,
 * so an unknown name is a located error there, and rendering is strict: a missing value throws.
 */

export const FILTERS = ['duration', 'percent'] as const
export type Filter = (typeof FILTERS)[number]

export type TemplatePart =
  | {kind: 'text'; text: string}
  | {kind: 'var'; name: string; filter: Filter | undefined}
  | {kind: 'call'; fn: string; args: string[]}

export type ParsedTemplate = {ok: true; parts: TemplatePart[]} | {ok: false; error: string}

const VARIABLE = /^([A-Za-z][A-Za-z0-9]*)(?:\s*\|\s*([a-z]+))?$/
const CALL = /^([a-zA-Z][a-zA-Z0-9]*)\((.*)\)$/
const ARGUMENT = /^[A-Za-z0-9_.:-]+$/

/**
 * Splits text into literal runs and `open … close` placeholders, each parsed by `parse` (which
 * returns the part, or an error message). Shared by the catalog's `${…}` and Prometheus' `{{ … }}`.
 */
export function splitPlaceholders<P>(
  text: string,
  delimiters: {open: string; close: string; unterminated: (from: string) => string},
  parse: (body: string) => P | string,
): {ok: true; parts: ({kind: 'text'; text: string} | P)[]} | {ok: false; error: string} {
  const parts: ({kind: 'text'; text: string} | P)[] = []
  let rest = text
  for (;;) {
    const start = rest.indexOf(delimiters.open)
    if (start < 0) break
    const end = rest.indexOf(delimiters.close, start)
    if (end < 0) return {error: delimiters.unterminated(rest.slice(start)), ok: false}
    if (start > 0) parts.push({kind: 'text', text: rest.slice(0, start)})
    const part = parse(rest.slice(start + delimiters.open.length, end).trim())
    if (typeof part === 'string') return {error: part, ok: false}
    parts.push(part)
    rest = rest.slice(end + delimiters.close.length)
  }
  if (rest !== '') parts.push({kind: 'text', text: rest})
  return {ok: true, parts}
}

export function parseTemplate(text: string): ParsedTemplate {
  return splitPlaceholders(text, {close: '}', open: '${', unterminated: (from) => `unterminated placeholder "${from.slice(0, 30)}"`}, parsePlaceholder)
}

function parsePlaceholder(body: string): TemplatePart | string {
  const call = CALL.exec(body)
  if (call) {
    const args = call[2]!.split(',').map((a) => a.trim())
    const bad = args.find((a) => !ARGUMENT.test(a))
    if (bad !== undefined) return `invalid argument ${JSON.stringify(bad)} in \${${body}}`
    return {args, fn: call[1]!, kind: 'call'}
  }
  const variable = VARIABLE.exec(body)
  if (!variable) return `invalid placeholder \${${body}}: expected \${name}, \${name | duration}, \${name | percent} or \${function(args)}`
  const filter = variable[2]
  if (filter !== undefined && !(FILTERS as readonly string[]).includes(filter)) return `unknown filter "${filter}" in \${${body}}; known: ${FILTERS.join(', ')}`
  return {filter: filter as Filter | undefined, kind: 'var', name: variable[1]!}
}

export interface RenderContext {
  vars: Readonly<Record<string, string | number>>
  call?: (fn: string, args: readonly string[]) => string
}

export class TemplateRenderError extends Error {}

export function renderTemplate(parts: readonly TemplatePart[], context: RenderContext): string {
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.text
      if (part.kind === 'call') {
        if (!context.call) throw new TemplateRenderError(`\${${part.fn}(...)} is not allowed here`)
        return context.call(part.fn, part.args)
      }
      const value = context.vars[part.name]
      if (value === undefined) throw new TemplateRenderError(`unknown variable \${${part.name}}`)
      return part.filter === undefined ? formatValue(value) : applyFilter(part.filter, value)
    })
    .join('')
}

/** Numbers as PromQL and people read them: no float noise (0.1 + 0.2 prints 0.3). */
export function formatNumber(value: number): string {
  return String(roundValue(value))
}

export const roundValue = (value: number): number => Number(value.toPrecision(12))

const formatValue = (value: string | number): string => (typeof value === 'number' ? formatNumber(value) : value)

function applyFilter(filter: Filter, value: string | number): string {
  if (typeof value !== 'number') throw new TemplateRenderError(`filter "${filter}" needs a number`)
  return filter === 'duration' ? formatSeconds(value) : `${formatNumber(value * 100)}%`
}

/** Seconds as a Prometheus-style duration in the largest whole unit: 0.5 → 500ms, 93600 → 26h, 691200 → 8d. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${formatNumber(seconds * 1000)}ms`
  const units: [string, number][] = [['d', 86_400], ['h', 3600], ['m', 60]]
  const [unit, size] = units.find(([, size]) => seconds % size === 0) ?? ['s', 1]
  return `${formatNumber(seconds / size)}${unit}`
}

/** Placeholders a template uses, for validation when the catalog loads. */
export function placeholders(parts: readonly TemplatePart[]): Exclude<TemplatePart, {kind: 'text'}>[] {
  return parts.filter((p): p is Exclude<TemplatePart, {kind: 'text'}> => p.kind !== 'text')
}
