import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {EXAMPLES, loadExample} from '../helpers/fleet.js'
import {goldenPaths} from '../helpers/output.js'
import {generate} from './fleets.js'

const SNAPSHOTS = fileURLToPath(new URL('__snapshots__', import.meta.url))

// Golden files: read the diff when one changes, it is the config a node runs.
describe.each(EXAMPLES)('Fluent Bit output of %s', (example) => {
  it('matches the golden files and has none for output it no longer writes', async () => {
    const files = generate(await loadExample(example))
    for (const file of files) await expect(file.content).toMatchFileSnapshot(join(SNAPSHOTS, example, file.path))
    expect(await goldenPaths(join(SNAPSHOTS, example))).toEqual(files.map((f) => f.path).sort())
  })
})
