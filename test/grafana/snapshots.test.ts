import {describe, expect, it} from 'vitest'

import {grafanaGenerator} from '../../src/generators/grafana/index.js'
import {prepareFiles} from '../../src/writer/content.js'
import {EXAMPLES, loadExample} from '../helpers/fleet.js'

describe.each(EXAMPLES)('Grafana output of %s', (name) => {
  it('matches the reviewed snapshots', async () => {
    const files = prepareFiles(grafanaGenerator.generate(await loadExample(name)).files)
    for (const file of files) await expect(file.content).toMatchFileSnapshot(`__snapshots__/${name}/${file.path}`)
  })
})
