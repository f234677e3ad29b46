import {readdirSync, readFileSync} from 'node:fs'
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

function loadPartials(): void {
  if (partialsLoaded) return
  const dir = join(TEMPLATES_DIR, 'partials')
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
    engine.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(dir, file), 'utf8'))
  }
  partialsLoaded = true
}

export class TemplateError extends Error {}

function render(name: string, context: unknown): string {
  loadPartials()
  let template = compiled.get(name)
  if (!template) {
    const file = join(TEMPLATES_DIR, `${name}.hbs`)
    template = engine.compile(readFileSync(file, 'utf8'), {noEscape: true, strict: true})
    compiled.set(name, template)
  }
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
