import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join, relative} from 'node:path'

import Handlebars from 'handlebars'

import {PACKAGE_ROOT} from '../package-root.js'
import {codeSpan, markdownSafe, unescapeMarkdownInline} from './markdown.js'

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates')

/**
 * Handlebars in strict mode: a missing variable throws at generation time instead of rendering a blank.
 * Templates ship with the package like code; they are read once and cached, so rendering stays a pure
 * function of its inputs. `noEscape` because escaping is Markdown's, done on the data (markdown.ts),
 * not HTML's.
 */
const engine = Handlebars.create()
const compiled = new Map<string, Handlebars.TemplateDelegate>()
let partialsLoaded = false

// Context strings arrive escaped for Markdown; inside a code span escapes would show, so undo them there.
engine.registerHelper('code', (value: unknown) => codeSpan(unescapeMarkdownInline(String(value))))
engine.registerHelper('eq', (a: unknown, b: unknown) => a === b)
engine.registerHelper('join', (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : ''))

/** How every template is compiled, here and by scripts/precompile-templates.mjs. */
export const COMPILE_OPTIONS = {noEscape: true, strict: true} as const

/** What a precompiled template is matched against: the SHA-256 of the text it was compiled from. */
export const templateHash = (source: string): string => createHash('sha256').update(source).digest('hex')

/**
 * Templates precompiled at build time (dist/templates.precompiled.cjs), each with the SHA-256 of
 * the text it was compiled from: Handlebars' compiler was ~55 ms of every run. One is used only
 * while its file still has that text, so an edited template is compiled from the file as before.
 */
type Precompiled = Record<string, {hash: string; spec: TemplateSpecification}>
type TemplateSpecification = Parameters<typeof engine.template>[0]
const PRECOMPILED_FILE = join(PACKAGE_ROOT, 'dist', 'templates.precompiled.cjs')
let precompiled: Precompiled | undefined
export function precompiledFor(name: string, source: string): TemplateSpecification | undefined {
  precompiled ??= existsSync(PRECOMPILED_FILE) ? (createRequire(import.meta.url)(PRECOMPILED_FILE) as Precompiled) : {}
  const entry = precompiled[name]
  return entry && entry.hash === templateHash(source) ? entry.spec : undefined
}

/** `templates/<name>.hbs`, compiled (or taken precompiled when unchanged). */
function compileTemplate(name: string): Handlebars.TemplateDelegate {
  const source = readFileSync(join(TEMPLATES_DIR, `${name}.hbs`), 'utf8')
  const spec = precompiledFor(name, source)
  return spec ? engine.template(spec) : engine.compile(source, COMPILE_OPTIONS)
}

function loadPartials(): void {
  if (partialsLoaded) return
  const dir = join(TEMPLATES_DIR, 'partials')
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
    const name = file.replace(/\.hbs$/, '')
    const source = readFileSync(join(dir, file), 'utf8')
    const spec = precompiledFor(`partials/${name}`, source)
    // A partial given as text is compiled when first used; precompiled, it is ready.
    engine.registerPartial(name, spec ? engine.template(spec) : source)
  }
  partialsLoaded = true
}

export class TemplateError extends Error {}

function render(name: string, context: unknown): string {
  loadPartials()
  let template = compiled.get(name)
  if (!template) compiled.set(name, (template = compileTemplate(name)))
  try {
    return template(context)
  } catch (error) {
    throw new TemplateError(`template ${relative(PACKAGE_ROOT, join(TEMPLATES_DIR, name))}.hbs: ${(error as Error).message}`)
  }
}

/** Renders `templates/<name>.hbs` with a context whose strings are escaped for Markdown. */
export function renderMarkdownTemplate(name: string, context: Record<string, unknown>): string {
  return render(name, markdownSafe(context))
}

/**
 * Renders a non-Markdown template (shell script, systemd unit) verbatim. Only for values the schema
 * already restricts to safe characters (names, absolute paths without spaces or quotes).
 */
export function renderTextTemplate(name: string, context: Record<string, unknown>): string {
  return render(name, context)
}
