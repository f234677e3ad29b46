import {existsSync} from 'node:fs'
import {readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {LOCK_PATH} from '../../src/writer/lock.js'
import {runCli} from '../helpers/cli.js'
import {snapshotTree} from '../helpers/tree.js'
import {generatedFolder, startPausedGenerate, TEMP_FILE} from '../helpers/write-phase.js'

const withoutTempFilesAndLock = (tree: Record<string, string>) =>
  Object.fromEntries(Object.entries(tree).filter(([path]) => !TEMP_FILE.test(path) && path !== LOCK_PATH))

describe('a generate killed in its write phase', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s removes its temporary files and its lock, exits %i, and leaves the previous output byte-identical', async (signal, code) => {
    const {out, v1, v2, work} = await generatedFolder()
    expect((await runCli(['generate', v1, '--out', out])).exitCode).toBe(0)
    const before = await snapshotTree(out)

    const {pid, run} = await startPausedGenerate(v2, out, join(work, 'pause'))
    const during = await snapshotTree(out)
    // It really is mid-write: new content is staged beside the targets, and it holds the lock.
    expect(Object.keys(during).filter((p) => TEMP_FILE.test(p)).length).toBeGreaterThan(10)
    expect(JSON.parse(await readFile(join(out, LOCK_PATH), 'utf8'))).toMatchObject({pid})

    run.kill(signal)
    const result = await run
    expect(result.exitCode).toBe(code)
    expect(result.stderr).toContain(`inferwatch: stopped by ${signal}; removed its temporary files and released the lock; the output folder is as it was.`)
    expect(await snapshotTree(out)).toEqual(before)

    const check = await runCli(['generate', v1, '--out', out, '--check'])
    expect(check.exitCode).toBe(0)
    expect(check.stderr).toBe('')
  })

  it('on SIGKILL leaves litter and a stale lock, which the next run removes and reports; the previous output is untouched', async () => {
    const {out, v1, v2, work} = await generatedFolder()
    expect((await runCli(['generate', v1, '--out', out])).exitCode).toBe(0)
    const before = await snapshotTree(out)

    const {pid, run} = await startPausedGenerate(v2, out, join(work, 'pause'))
    run.kill('SIGKILL')
    expect((await run).signal).toBe('SIGKILL')
    await rm(join(work, 'pause'))
    const killed = await snapshotTree(out)
    const litter = Object.keys(killed).filter((p) => TEMP_FILE.test(p))
    expect(litter.length).toBeGreaterThan(10)
    expect(litter.every((p) => p.endsWith(`.inferwatch-tmp-${pid}`))).toBe(true)
    expect(existsSync(join(out, LOCK_PATH))).toBe(true)
    // Nothing was renamed into place: every file the previous run wrote is as it was.
    expect(withoutTempFilesAndLock(killed)).toEqual(before)

    // A read-only check passes (the output is up to date), points at the litter and removes nothing.
    const check = await runCli(['generate', v1, '--out', out, '--check'])
    expect(check.exitCode).toBe(0)
    expect(check.stderr).toContain(`${litter.length} temporary files left by an interrupted run (pid ${pid})`)
    expect(check.stderr).toContain(`${join(out, LOCK_PATH)}: left by a run that is gone (pid ${pid} on host`)
    expect(await snapshotTree(out)).toEqual(killed)
    const dryRun = await runCli(['generate', v1, '--out', out, '--dry-run'])
    expect(dryRun.stdout.split('\n').filter((l) => l.includes('(temporary file left by an interrupted run')).length).toBe(litter.length)
    expect(await snapshotTree(out)).toEqual(killed)

    const next = await runCli(['generate', v1, '--out', out])
    expect(next.exitCode).toBe(0)
    expect(next.stderr).toContain(`inferwatch: warning: ${join(out, LOCK_PATH)}: took over a stale lock (pid ${pid} on host`)
    expect(next.stderr).toContain(`pid ${pid} is no longer running`)
    expect(next.stderr).toContain(`inferwatch: warning: ${out}: removed ${litter.length} temporary files left by an interrupted run (pid ${pid}): `)
    expect(next.stdout).toContain('0 created, 0 updated, 0 removed')
    expect(await snapshotTree(out)).toEqual(before)
    expect((await runCli(['generate', v1, '--out', out, '--check'])).exitCode).toBe(0)

    // And the interrupted change can still be made: v2 goes through cleanly.
    expect((await runCli(['generate', v2, '--out', out])).exitCode).toBe(0)
    const check2 = await runCli(['generate', v2, '--out', out, '--check'])
    expect(check2.exitCode).toBe(0)
    expect(check2.stderr).toBe('')
  })
})
