import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The inferwatch package folder (holds rules/, templates/, examples/, schema/), from source or from dist/. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === 'inferwatch') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the inferwatch package root')
    dir = parent
  }
}

export const PACKAGE_ROOT = findPackageRoot()
