import {existsSync} from 'node:fs'
import {mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {generate} from '../../src/app/generate.js'
import type {Generator} from '../../src/generators/types.js'
import {findLitter} from '../../src/writer/litter.js'
import {planWrite} from '../../src/writer/plan.js'
import {examplePath, tempDir} from '../helpers/fleet.js'

const fixed: Generator = {generate: () => ({files: [{content: 'a', path: 'a.txt'}, {content: 'b', path: 'sub/b.txt'}]}), id: 'g', title: 'g'}
const fleetFile = examplePath('gpu-server')

async function put(root: string, path: string, content = 'x'): Promise<void> {
  await mkdir(dirname(join(root, path)), {recursive: true})
  await writeFile(join(root, path), content)
}

describe('litter left by interrupted runs', () => {
  it('generate removes exactly the temp files of its own naming, reports them, and touches nothing else', async () => {
    const work = await tempDir()
    const out = join(work, 'out')
    expect((await generate({fleetFile, generators: [fixed], mode: 'write', outDir: out})).kind).toBe('written')
    const litter = ['a.txt.inferwatch-tmp-123', 'sub/b.txt.inferwatch-tmp-123', '.inferwatch/manifest.json.inferwatch-tmp-9', 'gone/deeper/old.yml.inferwatch-tmp-77']
    const decoys = [
      'notes.inferwatch-tmp-abc',
      'a.txt.inferwatch-tmp-',
      'a.txt.inferwatch-tmp-12.bak',
      'a.txt.inferwatch-tmp-012',
      '.inferwatch-tmp-5',
      'my.inferwatch-tmp-5.d/inside.txt',
      'node_modules/pkg/x.js.inferwatch-tmp-3',
    ]
    for (const path of [...litter, ...decoys]) await put(out, path)
    await mkdir(join(out, 'folder.inferwatch-tmp-5'))
    await put(work, 'outside/target.txt', 'outside\n')
    await put(work, 'outside/f.txt.inferwatch-tmp-4', 'outside\n')
    await put(work, 'beside.txt.inferwatch-tmp-8', 'outside\n')
    await symlink(join(work, 'outside/target.txt'), join(out, 'link.inferwatch-tmp-6'))
    await symlink(join(work, 'outside'), join(out, 'linked-folder'))

    const warnings: string[] = []
    const result = await generate({fleetFile, generators: [fixed], mode: 'write', outDir: out, warn: (m) => warnings.push(m)})
    expect(result.kind).toBe('written')
    for (const path of litter) expect(existsSync(join(out, path)), path).toBe(false)
    for (const path of [...decoys, 'folder.inferwatch-tmp-5', 'link.inferwatch-tmp-6']) expect(existsSync(join(out, path)), path).toBe(true)
    expect(await readFile(join(work, 'outside/target.txt'), 'utf8')).toBe('outside\n')
    expect(existsSync(join(work, 'outside/f.txt.inferwatch-tmp-4'))).toBe(true)
    expect(existsSync(join(work, 'beside.txt.inferwatch-tmp-8'))).toBe(true)
    expect(warnings).toEqual([
      `${out}: removed 4 temporary files left by an interrupted run (pid 9, 77, 123): .inferwatch/manifest.json.inferwatch-tmp-9, a.txt.inferwatch-tmp-123, gone/deeper/old.yml.inferwatch-tmp-77, sub/b.txt.inferwatch-tmp-123`,
    ])
  })

  it('--dry-run lists the litter and --check points at it; neither removes it', async () => {
    const out = await tempDir()
    await put(out, 'a.txt.inferwatch-tmp-42')
    const planned = await generate({fleetFile, generators: [fixed], mode: 'dry-run', outDir: out})
    expect(planned.kind === 'planned' && planned.litter).toEqual([{path: 'a.txt.inferwatch-tmp-42', pid: 42}])
    const warnings: string[] = []
    await generate({fleetFile, generators: [fixed], mode: 'check', outDir: out, warn: (m) => warnings.push(m)})
    expect(warnings).toEqual([`${out}: 1 temporary file left by an interrupted run (pid 42): a.txt.inferwatch-tmp-42; the next generate removes them`])
    expect(existsSync(join(out, 'a.txt.inferwatch-tmp-42'))).toBe(true)
  })

  it('always searches beside the paths it owns and writes; the scan of the rest of the folder is bounded', async () => {
    const out = await tempDir()
    for (let i = 0; i < 50; i++) await put(out, `bulk/f${i}.txt`)
    await put(out, 'bulk/zz/far.txt.inferwatch-tmp-5')
    await put(out, 'owned/deep/file.yml.inferwatch-tmp-6')
    const bounded = await findLitter(out, {maxEntries: 10, near: ['owned/deep/file.yml']})
    expect(bounded.map((l) => l.path)).toEqual(['owned/deep/file.yml.inferwatch-tmp-6'])
    const whole = await findLitter(out, {near: ['owned/deep/file.yml']})
    expect(whole.map((l) => l.path)).toEqual(['bulk/zz/far.txt.inferwatch-tmp-5', 'owned/deep/file.yml.inferwatch-tmp-6'])
    expect(await findLitter(out, {exceptPids: [5, 6], near: []})).toEqual([])
  })

  it('reads the folders the write plan listed from the plan, not from the disk again', async () => {
    const out = await tempDir()
    await put(out, 'sub/b.txt')
    await put(out, 'sub/b.txt.inferwatch-tmp-7')
    const plan = await planWrite(out, [{content: 'b', path: 'sub/b.txt'}])
    const {listed} = plan
    expect(listed('sub')!.map((e) => e.name).sort()).toEqual(['b.txt', 'b.txt.inferwatch-tmp-7'])
    expect(await findLitter(out, {listed, near: ['sub/b.txt']})).toEqual([{path: 'sub/b.txt.inferwatch-tmp-7', pid: 7}])
    // Removed from the disk after planning: the search goes by what the plan saw.
    await rm(join(out, 'sub/b.txt.inferwatch-tmp-7'))
    expect(await findLitter(out, {listed, near: ['sub/b.txt']})).toEqual([{path: 'sub/b.txt.inferwatch-tmp-7', pid: 7}])
    expect(await findLitter(out, {near: ['sub/b.txt']})).toEqual([])
    // The output folder itself, by '.' as the search names it.
    await put(out, 'a.txt.inferwatch-tmp-9')
    const rootPlan = await planWrite(out, [{content: 'a', path: 'a.txt'}])
    expect(await findLitter(out, {listed: rootPlan.listed, near: ['a.txt']})).toEqual([{path: 'a.txt.inferwatch-tmp-9', pid: 9}])
    expect(rootPlan.listed('.')!.map((e) => e.name)).toContain('a.txt.inferwatch-tmp-9')
    await rm(join(out, 'a.txt.inferwatch-tmp-9'))
    // Folders the plan did not list are read as before.
    await put(out, 'other/x.txt.inferwatch-tmp-8')
    expect((await findLitter(out, {listed, near: ['sub/b.txt']})).map((l) => l.path)).toEqual(['other/x.txt.inferwatch-tmp-8', 'sub/b.txt.inferwatch-tmp-7'])
  })
})
