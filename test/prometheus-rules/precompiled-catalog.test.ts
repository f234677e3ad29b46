import {appendFile, cp, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BUNDLED_RULES_DIR, loadRuleCatalog} from '../../src/generators/prometheus-rules/index.js'
import {precompiledCatalog, precompiledCatalogJson} from '../../src/generators/prometheus-rules/precompiled-catalog.js'
import {tempDir} from '../helpers/fleet.js'

/** A copy of the bundled catalog and its precompiled JSON, as the build writes them. */
async function precompiledCopy(): Promise<{dir: string; file: string}> {
  const root = await tempDir('inferwatch-precompiled-')
  const dir = join(root, 'rules')
  await cp(BUNDLED_RULES_DIR, dir, {recursive: true})
  const loaded = loadRuleCatalog([dir])
  if (!loaded.ok) throw new Error('the bundled catalog does not load')
  const file = join(root, 'rule-catalog.precompiled.json')
  await writeFile(file, precompiledCatalogJson(loaded.catalog, dir))
  return {dir, file}
}

describe('the precompiled rule catalog', () => {
  it('is the catalog loadRuleCatalog reads, locations included', async () => {
    const {dir, file} = await precompiledCopy()
    const loaded = loadRuleCatalog([dir])
    if (!loaded.ok) throw new Error('the bundled catalog does not load')
    // Locations are read lazily; JSON round-trips give what a diagnostic would read.
    expect(precompiledCatalog(dir, file, true)).toEqual(JSON.parse(JSON.stringify(loaded.catalog)))
    const first = precompiledCatalog(dir, file, true)!.alerts[0]!.at
    expect(first.file).toBe(join(dir, 'alerts', first.file.split('/').at(-1)!))
    expect(first.line).toBeGreaterThan(0)
  })

  it('is set aside once a catalog file changes, and outside the build', async () => {
    const {dir, file} = await precompiledCopy()
    expect(precompiledCatalog(dir, file, false)).toBeUndefined()
    await appendFile(join(dir, 'recording', 'serving.yml'), '\n# edited\n')
    expect(precompiledCatalog(dir, file, true)).toBeUndefined()
  })
})
