import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/fleet.js'

const FLEET = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: warn}
nodes:
  - {name: pi-01, address: 10.0.0.1, hardware: raspberry-pi-5}
`

describe('validate warnings', () => {
  it('warns, without failing, when runbooks.baseUrl is missing: runbook links would be relative paths', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'fleet.yaml'), FLEET)
    const result = await runCli(['validate', 'fleet.yaml'], {cwd: dir})
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('fleet.yaml: ok')
    expect(result.stderr).toMatch(/^warning: fleet\.yaml:1:1: runbooks\.baseUrl: not set: alerts link to the relative path runbooks\/<Alert>\.md.*set runbooks\.baseUrl to its URL$/m)
  })

  it('is quiet once runbooks.baseUrl is an URL', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'fleet.yaml'), `${FLEET}runbooks: {baseUrl: "https://wiki.example.com/runbooks"}\n`)
    const result = await runCli(['validate', 'fleet.yaml'], {cwd: dir})
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('')
  })
})
