import {readdir} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {EXAMPLES, loadExample} from '../helpers/fleet.js'
import {generate} from './generate.js'

const SNAPSHOTS = fileURLToPath(new URL('__snapshots__', import.meta.url))

// Golden files: read the diff when one changes, it is the config a user gets.
describe.each(EXAMPLES)('scrape output of %s', (example) => {
  it('matches the golden files', async () => {
    const files = generate(await loadExample(example))
    for (const file of files) {
      await expect(file.content).toMatchFileSnapshot(join(SNAPSHOTS, example, file.path))
    }
  })

  it('has no golden file for output it no longer writes', async () => {
    const dir = join(SNAPSHOTS, example)
    const entries = await readdir(dir, {recursive: true, withFileTypes: true})
    const golden = entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    expect(golden.sort()).toEqual(generate(await loadExample(example)).map((f) => f.path).sort())
  })
})
