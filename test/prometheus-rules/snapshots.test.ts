import {readdir} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {EXAMPLES} from '../helpers/fleet.js'
import {rulesOutput} from './fleets.js'

const SNAPSHOTS = fileURLToPath(new URL('__snapshots__', import.meta.url))
const NOTES = 'notes.txt'

// Golden files: read the diff when one changes, it is what a user gets.
describe.each(EXAMPLES)('rules output of %s', (example) => {
  it('matches the golden files, notes included', async () => {
    const {files, notes} = await rulesOutput(example)
    for (const file of files) await expect(file.content).toMatchFileSnapshot(join(SNAPSHOTS, example, file.path))
    await expect(`${notes.join('\n')}\n`).toMatchFileSnapshot(join(SNAPSHOTS, example, NOTES))
  })

  it('has no golden file for output it no longer writes', async () => {
    const dir = join(SNAPSHOTS, example)
    const entries = await readdir(dir, {recursive: true, withFileTypes: true})
    const golden = entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    const {files} = await rulesOutput(example)
    expect(golden.sort()).toEqual([...files.map((f) => f.path), NOTES].sort())
  })
})
