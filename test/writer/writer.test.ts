import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {generate} from '../../src/app/generate.js'
import type {Generator} from '../../src/generators/types.js'
import {normalizeContent} from '../../src/writer/content.js'
import {applyPlan, MANIFEST_PATH, planWrite, prepareFiles} from '../../src/writer/index.js'
import {examplePath, tempDir} from '../helpers/fleet.js'

const fixed = (id: string, files: Record<string, string>): Generator => ({
  generate: () => ({files: Object.entries(files).map(([path, content]) => ({content, path}))}),
  id,
  title: id,
})

const fleetFile = examplePath('gpu-server')

describe('writer', () => {
  it('normalizes line endings and trailing newlines', () => {
    expect(normalizeContent('a\r\nb\r\n\n\n')).toBe('a\nb\n')
    expect(normalizeContent('a')).toBe('a\n')
    expect([normalizeContent(''), normalizeContent('\n\n'), normalizeContent('a\n'), normalizeContent('a\rb')]).toEqual(['\n', '\n', 'a\n', 'a\nb\n'])
  })

  it('removes files it wrote that are no longer generated, and the folders they leave empty', async () => {
    const out = await tempDir()
    await generate({fleetFile, generators: [fixed('g', {'a/b/old.txt': 'old', 'keep.txt': 'k'})], mode: 'write', outDir: out})
    const second = await generate({fleetFile, generators: [fixed('g', {'keep.txt': 'k'})], mode: 'write', outDir: out})
    expect(second.kind === 'written' && second.plan.remove).toEqual(['a/b/old.txt'])
    await expect(readFile(join(out, 'a/b/old.txt'))).rejects.toThrow()
    await expect(readFile(join(out, 'a'))).rejects.toThrow()
    const manifest = JSON.parse(await readFile(join(out, MANIFEST_PATH), 'utf8')) as {files: Record<string, string>}
    expect(Object.keys(manifest.files)).toEqual(['README.md', 'keep.txt'])
  })

  it('keeps a stale file the user edited since inferwatch wrote it', async () => {
    const out = await tempDir()
    await generate({fleetFile, generators: [fixed('g', {'old.txt': 'old'})], mode: 'write', outDir: out})
    await writeFile(join(out, 'old.txt'), 'edited by hand\n')
    const second = await generate({fleetFile, generators: [], mode: 'write', outDir: out})
    expect(second.kind === 'written' && second.plan.keepEdited).toEqual(['old.txt'])
    expect(await readFile(join(out, 'old.txt'), 'utf8')).toBe('edited by hand\n')
  })

  it('leaves the previous output untouched when a generator throws midway', async () => {
    const out = await tempDir()
    await generate({fleetFile, generators: [fixed('g', {'one.txt': 'one', 'two.txt': 'two'})], mode: 'write', outDir: out})
    const before = await readFile(join(out, MANIFEST_PATH), 'utf8')
    const throwing: Generator = {
      generate: () => {
        throw new Error('boom')
      },
      id: 'throws',
      title: 'throws',
    }
    await expect(
      generate({fleetFile, generators: [fixed('g', {'one.txt': 'ONE', 'three.txt': 'three'}), throwing], mode: 'write', outDir: out}),
    ).rejects.toThrow('boom')
    expect(await readFile(join(out, 'one.txt'), 'utf8')).toBe('one\n')
    expect(await readFile(join(out, 'two.txt'), 'utf8')).toBe('two\n')
    await expect(readFile(join(out, 'three.txt'))).rejects.toThrow()
    expect(await readFile(join(out, MANIFEST_PATH), 'utf8')).toBe(before)
  })

  it('leaves the previous output untouched when staging a file fails', async () => {
    const out = await tempDir()
    await generate({fleetFile, generators: [fixed('g', {'a.txt': 'a'})], mode: 'write', outDir: out})
    const before = await readFile(join(out, MANIFEST_PATH), 'utf8')
    const files = prepareFiles([
      {content: 'A', path: 'a.txt'},
      {content: 'n', path: 'new-folder/deeper/n.txt'},
      {content: 'c', path: 'blocker/c.txt'},
    ])
    const plan = await planWrite(out, files)
    // Something appears in the way after planning: the second file fails after the first was staged.
    await writeFile(join(out, 'blocker'), 'x')
    await expect(applyPlan(out, files, plan)).rejects.toThrow()
    expect(await readFile(join(out, 'a.txt'), 'utf8')).toBe('a\n')
    expect(await readFile(join(out, MANIFEST_PATH), 'utf8')).toBe(before)
    expect((await readdir(out)).filter((name) => name.includes('inferwatch-tmp'))).toEqual([])
    expect((await readdir(out)).sort(), 'folders created for the failed run are gone').toEqual(['.inferwatch', 'README.md', 'a.txt', 'blocker'])
  })

  it('reports a folder where a file goes instead of failing halfway', async () => {
    const out = await tempDir()
    await mkdir(join(out, 'x.txt'))
    const result = await generate({fleetFile, force: true, generators: [fixed('g', {'a.txt': 'a', 'x.txt': 'x'})], mode: 'write', outDir: out})
    expect(result.kind).toBe('invalid')
    expect(result.kind === 'invalid' && result.diagnostics.map((d) => d.message)).toEqual(['is a folder where inferwatch writes a file'])
    await expect(readFile(join(out, 'a.txt'))).rejects.toThrow()
  })

  it('rejects two generators writing the same path', async () => {
    const out = await tempDir()
    await mkdir(out, {recursive: true})
    await expect(generate({fleetFile, generators: [fixed('a', {'x.txt': '1'}), fixed('b', {'x.txt': '2'})], mode: 'write', outDir: out})).rejects.toThrow(
      /both write x\.txt/,
    )
  })

  it('rejects output paths that escape the output folder', async () => {
    const out = await tempDir()
    await expect(generate({fleetFile, generators: [fixed('a', {'../evil.txt': '1'})], mode: 'write', outDir: out})).rejects.toThrow(/unsafe output path/)
  })
})
