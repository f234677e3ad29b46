import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PACKAGE_ROOT} from '../../src/package-root.js'
import {runCli} from '../helpers/cli.js'

const dir = join(PACKAGE_ROOT, 'test', 'fixtures', 'valid')

describe('valid fleet files that use YAML features', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort())('%s validates', async (fixture) => {
    const result = await runCli(['validate', fixture], {cwd: dir})
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
  })
})
