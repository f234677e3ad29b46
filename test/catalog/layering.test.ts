import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

const catalogDir = join(import.meta.dirname, '..', '..', 'src', 'catalog')

/** Every relative module a file imports (static `import`/`export … from`, type-only included). */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]!)
}

describe('layering', () => {
  it('src/catalog is the floor: it imports nothing from the layers built on it', () => {
    const offenders: string[] = []
    for (const file of readdirSync(catalogDir).filter((f) => f.endsWith('.ts'))) {
      for (const target of relativeImports(readFileSync(join(catalogDir, file), 'utf8'))) {
        if (!target.startsWith('./')) offenders.push(`${file} imports ${target}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
