import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PACKAGE_ROOT} from '../../src/package-root.js'
import {runCli} from '../helpers/cli.js'

const dir = join(PACKAGE_ROOT, 'test', 'fixtures', 'valid')

describe('valid fleet files that use YAML features', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort())('%s validates', async (fixture) => {
    const result = await runCli(['validate', fixture], {cwd: dir})
    // Warnings (runbooks.baseUrl unset) are allowed; problems are not.
    expect(result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('warning: '))).toEqual([])
    expect(result.exitCode).toBe(0)
  })
})
