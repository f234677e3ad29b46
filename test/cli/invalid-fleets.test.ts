import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PACKAGE_ROOT} from '../../src/package-root.js'
import {runCli, STACK_FRAME} from '../helpers/cli.js'

const dir = join(PACKAGE_ROOT, 'test', 'fixtures', 'invalid')
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()

describe('invalid fleet files', () => {
  it('has at least 15 distinct cases', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15)
  })

  it.each(fixtures)('%s: located messages, exit 2, no stack trace', async (fixture) => {
    const expected = readFileSync(join(dir, fixture.replace(/\.yaml$/, '.expected')), 'utf8')
    const result = await runCli(['validate', fixture], {cwd: dir})
    expect(result.exitCode).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr + '\n').toBe(expected)
    expect(result.stderr).not.toMatch(STACK_FRAME)
    for (const line of result.stderr.split('\n').slice(0, -1)) expect(line).toMatch(new RegExp(`^${fixture.replace('.', '\\.')}:\\d+:\\d+: `))
  })

  it('generate refuses invalid input the same way and writes nothing', async () => {
    const result = await runCli(['generate', 'port-collision.yaml', '--dry-run'], {cwd: dir})
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('port-collision.yaml:12:32: nodes[0].modelServers[0].runtime: port 8080')
  })
})
