import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

import {PACKAGE_ROOT} from '../../package-root.js'
import {catalogFiles, type RuleCatalog} from './load-rule-catalog.js'

/**
 * The bundled catalog as the build loaded and checked it (scripts/precompile-rule-catalog.mjs), so
 * a run does not parse, validate and dry-render every rule again: that took ~50 ms of every
 * process. Used only by the built code it was built with (running from dist/), and only while the
 * catalog's files are byte for byte the ones it was loaded from; otherwise the catalog is loaded
 * from its files as before. Locations are stored relative to the catalog folder.
 */
export const PRECOMPILED_CATALOG_FILE = join(PACKAGE_ROOT, 'dist', 'rule-catalog.precompiled.json')

/** Whether this module runs from the build (dist/), which wrote the precompiled catalog, rather than from src/ (tests). */
const BUILT = fileURLToPath(import.meta.url).startsWith(join(PACKAGE_ROOT, 'dist') + sep)

interface Precompiled {
  hash: string
  catalog: RuleCatalog
}

/** SHA-256 over the catalog's file names and contents, in the order the loader reads them. */
export function catalogHash(dir: string): string {
  const hash = createHash('sha256')
  for (const file of catalogFiles(dir)) hash.update(`${relative(dir, file)}\u0000${readFileSync(file, 'utf8')}\u0000`)
  return hash.digest('hex')
}

/** The JSON the build writes for a catalog loaded from `dir`: every location resolved, files relative to `dir`. */
export function precompiledCatalogJson(catalog: RuleCatalog, dir: string): string {
  const at = (location: {file: string; line: number; col: number}) => ({col: location.col, file: relative(dir, location.file), line: location.line})
  const portable: RuleCatalog = {
    alerts: catalog.alerts.map((alert) => ({...alert, at: at(alert.at)})),
    recording: catalog.recording.map((group) => ({...group, rules: group.rules.map((rule) => ({...rule, at: at(rule.at)}))})),
  }
  return JSON.stringify({catalog: portable, hash: catalogHash(dir)} satisfies Precompiled)
}

/** The precompiled catalog of `dir`, when this is the built code and the files are unchanged. */
export function precompiledCatalog(dir: string, file = PRECOMPILED_CATALOG_FILE, built = BUILT): RuleCatalog | undefined {
  if (!built || !existsSync(file)) return undefined
  const precompiled = JSON.parse(readFileSync(file, 'utf8')) as Precompiled
  if (precompiled.hash !== catalogHash(dir)) return undefined
  const at = (location: {file: string; line: number; col: number}) => ({...location, file: join(dir, location.file)})
  const {catalog} = precompiled
  for (const alert of catalog.alerts) alert.at = at(alert.at)
  for (const group of catalog.recording) for (const rule of group.rules) rule.at = at(rule.at)
  return catalog
}
