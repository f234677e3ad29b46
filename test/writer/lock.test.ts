import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {applyPlan, planWrite, prepareFiles} from '../../src/writer/index.js'
import {InterruptedError} from '../../src/writer/interrupt.js'
import {acquireLock, inspectLock, LOCK_PATH, LockHeldError} from '../../src/writer/lock.js'
import type {Progress} from '../../src/writer/progress.js'
import {tempDir} from '../helpers/fleet.js'
import {snapshotTree} from '../helpers/tree.js'

describe('acquireLock', () => {
  it('excludes a second holder, even in the same process, until released; release leaves nothing behind', async () => {
    const out = join(await tempDir(), 'out')
    const lock = await acquireLock(out)
    const holder = JSON.parse(await readFile(join(out, LOCK_PATH), 'utf8')) as Record<string, unknown>
    expect(holder).toMatchObject({hostname: hostname(), pid: process.pid})
    expect(Number.isNaN(Date.parse(holder.startedAt as string))).toBe(false)
    expect(await inspectLock(out)).toMatchObject({kind: 'held'})
    await expect(acquireLock(out)).rejects.toBeInstanceOf(LockHeldError)
    await lock.release()
    // The folder did not exist before: a run that wrote nothing leaves nothing.
    expect(existsSync(out)).toBe(false)
    const again = await acquireLock(out)
    await again.release()
  })

  it('never releases a lock that is no longer its own', async () => {
    const out = await tempDir()
    const lock = await acquireLock(out)
    await writeFile(join(out, LOCK_PATH), JSON.stringify({hostname: hostname(), pid: 1, startedAt: 'x'}))
    await lock.release()
    expect(existsSync(join(out, LOCK_PATH))).toBe(true)
  })

  it('two runs taking over one stale lock at the same time: exactly one gets it', async () => {
    const out = await tempDir()
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    await mkdir(join(out, '.inferwatch'))
    await writeFile(join(out, LOCK_PATH), JSON.stringify({hostname: hostname(), pid: dead, startedAt: '2026-01-01T00:00:00.000Z'}))
    const results = await Promise.allSettled([acquireLock(out), acquireLock(out)])
    const won = results.filter((r) => r.status === 'fulfilled')
    expect(won).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected')
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(LockHeldError)
    // The refusal names the new holder, not the dead one.
    expect(lost?.status === 'rejected' && (lost.reason as LockHeldError).holder?.pid).toBe(process.pid)
    const lock = won[0]!.status === 'fulfilled' ? won[0]!.value : undefined
    expect(lock?.tookOver?.holder.pid).toBe(dead)
    await lock?.release()
    expect((await readdir(join(out, '.inferwatch'))).sort()).toEqual([])
  })
})

describe('applyPlan stopped by a signal', () => {
  it('stops staging, removes every temporary file and throws InterruptedError; the previous output is untouched', async () => {
    const out = await tempDir()
    const first = prepareFiles([1, 2, 3, 4].map((i) => ({content: `old ${i}`, path: `f${i}.txt`})))
    await applyPlan(out, first, await planWrite(out, first))
    const before = await snapshotTree(out)
    const second = prepareFiles([1, 2, 3, 4].map((i) => ({content: `new ${i}`, path: `d/f${i}.txt`})))
    const controller = new AbortController()
    const staged: number[] = []
    const progress: Progress = {
      count(done) {
        staged.push(done)
        if (done === 2) controller.abort('SIGINT')
      },
      end() {},
      stage() {},
    }
    const stopped = applyPlan(out, second, await planWrite(out, second), {progress, signal: controller.signal})
    await expect(stopped).rejects.toEqual(new InterruptedError('SIGINT', 'unchanged'))
    expect(staged).toEqual([1, 2])
    expect(await snapshotTree(out)).toEqual(before)
  })
})
