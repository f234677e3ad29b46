import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {precompiledFor, TEMPLATES_DIR} from '../../src/templates/render.js'

// `npm test` builds first, so dist/templates.precompiled.cjs matches the shipped templates.
describe('precompiled templates', () => {
  it('are used for a template whose text is the one they were compiled from', () => {
    const source = readFileSync(join(TEMPLATES_DIR, 'runbooks/alert.md.hbs'), 'utf8')
    expect(precompiledFor('runbooks/alert.md', source)).toBeDefined()
    expect(precompiledFor('partials/header', readFileSync(join(TEMPLATES_DIR, 'partials/header.hbs'), 'utf8'))).toBeDefined()
  })

  it('are not used once the template is edited: it is compiled from its text', () => {
    const source = readFileSync(join(TEMPLATES_DIR, 'runbooks/alert.md.hbs'), 'utf8')
    expect(precompiledFor('runbooks/alert.md', `${source}\nedited by hand\n`)).toBeUndefined()
    expect(precompiledFor('runbooks/no-such-template', source)).toBeUndefined()
  })
})
