import {copyFile, mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {runCli, STACK_FRAME} from '../helpers/cli.js'
import {examplePath, tempDir} from '../helpers/fleet.js'
import {snapshotTree} from '../helpers/tree.js'

describe('inferwatch generate', () => {
  let work: string
  let fleet: string
  let out: string
  beforeEach(async () => {
    work = await tempDir()
    fleet = join(work, 'fleet.yaml')
    out = join(work, 'observability')
    await copyFile(examplePath('mixed'), fleet)
  })

  it('writes a README and a manifest, and the same bytes every time', async () => {
    const first = await runCli(['generate', fleet, '--out', out])
    expect(first.exitCode).toBe(0)
    const tree = await snapshotTree(out)
    expect(Object.keys(tree)).toContain('README.md')
    expect(Object.keys(tree)).toContain('.inferwatch/manifest.json')
    const manifest = JSON.parse(await readFile(join(out, '.inferwatch/manifest.json'), 'utf8')) as {files: Record<string, string>}
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(tree).filter((p) => !p.startsWith('.inferwatch/')).sort())

    const second = await runCli(['generate', fleet, '--out', out])
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toMatch(/0 created, 0 updated, 0 removed/)
    expect(await snapshotTree(out)).toEqual(tree)
  })

  it('produces identical bytes in two different folders', async () => {
    const other = join(work, 'other')
    await runCli(['generate', fleet, '--out', out])
    await runCli(['generate', fleet, '--out', other])
    expect(await snapshotTree(other)).toEqual(await snapshotTree(out))
  })

  it('--check passes right after generate and fails with a diff after the fleet changes', async () => {
    await runCli(['generate', fleet, '--out', out])
    const clean = await runCli(['generate', fleet, '--out', out, '--check'])
    expect(clean.exitCode).toBe(0)
    expect(clean.stdout).toMatch(/up to date/)

    const text = await readFile(fleet, 'utf8')
    await writeFile(fleet, text.replace('name: mixed', 'name: mixed-renamed'))
    const stale = await runCli(['generate', fleet, '--out', out, '--check'])
    expect(stale.exitCode).toBe(1)
    expect(stale.stdout).toContain('--- a/README.md')
    expect(stale.stdout).toContain('+++ b/README.md')
    expect(stale.stdout).toMatch(/^-# Observability for fleet `mixed`$/m)
    expect(stale.stdout).toMatch(/^\+# Observability for fleet `mixed-renamed`$/m)
    expect(stale.stderr).toContain('is out of date')
    expect(stale.stderr).not.toMatch(STACK_FRAME)
  })

  it('--check fails on an empty folder and --dry-run lists creations without writing', async () => {
    const check = await runCli(['generate', fleet, '--out', out, '--check'])
    expect(check.exitCode).toBe(1)
    expect(check.stdout).toContain('--- /dev/null')
    const dry = await runCli(['generate', fleet, '--out', out, '--dry-run'])
    expect(dry.exitCode).toBe(0)
    expect(dry.stdout).toMatch(/^create +README\.md$/m)
    await expect(readdir(out)).rejects.toThrow()
  })

  it('leaves a file the user added in the output folder alone', async () => {
    await runCli(['generate', fleet, '--out', out])
    await writeFile(join(out, 'NOTES.md'), 'my notes\n')
    const text = await readFile(fleet, 'utf8')
    await writeFile(fleet, text.replace('name: mixed', 'name: mixed-two'))
    expect((await runCli(['generate', fleet, '--out', out])).exitCode).toBe(0)
    expect(await readFile(join(out, 'NOTES.md'), 'utf8')).toBe('my notes\n')
    expect((await runCli(['generate', fleet, '--out', out, '--check'])).exitCode).toBe(0)
  })

  it('refuses to overwrite a file it did not write unless --force', async () => {
    await mkdir(out)
    await writeFile(join(out, 'README.md'), 'hand-written\n')
    const refused = await runCli(['generate', fleet, '--out', out])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('README.md:1:1: exists and was not written by inferwatch')
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe('hand-written\n')
    const forced = await runCli(['generate', fleet, '--out', out, '--force'])
    expect(forced.exitCode).toBe(0)
    expect(await readFile(join(out, 'README.md'), 'utf8')).toMatch(/^# Observability for fleet `mixed`/)
  })

  it('defaults to ./fleet.yaml and ./observability', async () => {
    const result = await runCli(['generate'], {cwd: work})
    expect(result.exitCode).toBe(0)
    expect(await readFile(join(work, 'observability', 'README.md'), 'utf8')).toContain('`fleet.yaml`')
  })
})

describe('problems with the output folder', () => {
  const mixed = examplePath('mixed')

  it("a corrupt manifest is the user's to resolve: exit 2 with what to do", async () => {
    const out = join(await tempDir(), 'out')
    await mkdir(join(out, '.inferwatch'), {recursive: true})
    await writeFile(join(out, '.inferwatch', 'manifest.json'), '{bad')
    const result = await runCli(['generate', mixed, '--out', out])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(`${out}/.inferwatch/manifest.json:1:1: is not an inferwatch manifest`)
    expect(result.stderr).toContain('--force')
    expect(result.stderr).not.toMatch(STACK_FRAME)
  })

  it('--out naming a file, a file where a folder goes and a folder where a file goes are exit 2, and nothing is written', async () => {
    const work = await tempDir()
    await writeFile(join(work, 'plain-file'), 'x')
    const notAFolder = await runCli(['generate', mixed, '--out', join(work, 'plain-file')])
    expect(notAFolder.exitCode).toBe(2)
    expect(notAFolder.stderr).toContain('plain-file:1:1: is a file where inferwatch needs a folder')

    const out = join(work, 'out')
    await mkdir(join(out, 'README.md'), {recursive: true})
    await writeFile(join(out, 'prometheus'), 'in the way')
    const blocked = await runCli(['generate', mixed, '--out', out, '--force'])
    expect(blocked.exitCode).toBe(2)
    expect(blocked.stderr).toContain(`${out}/README.md:1:1: is a folder where inferwatch writes a file`)
    expect(blocked.stderr).toContain(`${out}/prometheus/prometheus.yml:1:1: cannot be written: a file stands where one of its folders must be`)
    expect(blocked.stderr).not.toMatch(STACK_FRAME)
    expect((await readdir(out)).sort()).toEqual(['README.md', 'prometheus'])
  })

  it('names the file that is in the way of the manifest, and never follows a manifest out of the folder', async () => {
    const work = await tempDir()
    const out = join(work, 'out')
    await mkdir(out)
    await writeFile(join(out, '.inferwatch'), 'not a folder')
    const fileInWay = await runCli(['generate', mixed, '--out', out])
    expect(fileInWay.exitCode).toBe(2)
    expect(fileInWay.stderr).toContain(`${out}/.inferwatch:1:1: is a file where inferwatch needs a folder`)

    const out2 = join(work, 'out2')
    await mkdir(join(out2, '.inferwatch', 'manifest.json'), {recursive: true})
    const folderInWay = await runCli(['generate', mixed, '--out', out2])
    expect(folderInWay.exitCode).toBe(2)
    expect(folderInWay.stderr).toContain('manifest.json:1:1: is a folder where inferwatch keeps its manifest file')

    const out3 = join(work, 'out3')
    await writeFile(join(work, 'victim.txt'), 'keep me\n')
    await mkdir(join(out3, '.inferwatch'), {recursive: true})
    const {createHash} = await import('node:crypto')
    const hash = createHash('sha256').update('keep me\n').digest('hex')
    await writeFile(join(out3, '.inferwatch', 'manifest.json'), JSON.stringify({files: {'../victim.txt': hash}, formatVersion: 1}))
    const escaping = await runCli(['generate', mixed, '--out', out3])
    expect(escaping.exitCode).toBe(2)
    expect(escaping.stderr).toContain('is not an inferwatch manifest')
    expect(await readFile(join(work, 'victim.txt'), 'utf8')).toBe('keep me\n')
  })

  it("an I/O failure is exit 1 with the system's reason, and the stack only with --debug", async () => {
    // sysfs refuses new folders even to root, so this fails the same way everywhere.
    const out = '/sys/inferwatch-cannot-write-here'
    const plain = await runCli(['generate', mixed, '--out', out])
    expect(plain.exitCode).toBe(1)
    expect(plain.stderr).toMatch(/^inferwatch: cannot mkdir \/sys\/inferwatch-cannot-write-here.*: E[A-Z]+$/m)
    expect(plain.stderr).not.toContain('please report')
    expect(plain.stderr).not.toMatch(STACK_FRAME)
    const debug = await runCli(['generate', mixed, '--out', out, '--debug'])
    expect(debug.exitCode).toBe(1)
    expect(debug.stderr).toMatch(STACK_FRAME)
  })
})
