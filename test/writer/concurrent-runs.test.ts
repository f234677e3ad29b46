import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {sha256} from '../../src/writer/content.js'
import {LOCK_PATH} from '../../src/writer/lock.js'
import {PAUSE_BEFORE_RENAME_VARIABLE} from '../../src/writer/test-hooks.js'
import {runCli, startCli, STACK_FRAME} from '../helpers/cli.js'
import {snapshotTree} from '../helpers/tree.js'
import {generatedFolder, startPausedGenerate, waitFor} from '../helpers/write-phase.js'

/** The manifest lists exactly the files on disk (besides inferwatch's own folder), each with its real hash. */
async function expectConsistentManifest(out: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(out, '.inferwatch/manifest.json'), 'utf8')) as {files: Record<string, string>}
  const onDisk = Object.keys(await snapshotTree(out)).filter((p) => !p.startsWith('.inferwatch/')).sort()
  expect(Object.keys(manifest.files).sort()).toEqual(onDisk)
  for (const [path, hash] of Object.entries(manifest.files)) expect(sha256(await readFile(join(out, path), 'utf8')), path).toBe(hash)
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid!
}

async function writeLock(out: string, holder: object): Promise<void> {
  await mkdir(join(out, '.inferwatch'), {recursive: true})
  await writeFile(join(out, LOCK_PATH), JSON.stringify(holder))
}

describe('two generate runs into one folder', () => {
  it('started together: exactly one writes, the other refuses with exit 2 naming the holder; the manifest stays consistent', async () => {
    const {out, v1, v2, work} = await generatedFolder()
    expect((await runCli(['generate', v1, '--out', out])).exitCode).toBe(0)
    const runs = ['pause-a', 'pause-b'].map((name) => {
      const pause = join(work, name)
      return {pause, run: startCli(['generate', v2, '--out', out], {[PAUSE_BEFORE_RENAME_VARIABLE]: pause})}
    })
    // Whichever takes the lock stops in its write phase (pause file); the other must refuse meanwhile.
    await waitFor(() => runs.some((r) => existsSync(r.pause)), 'one run to take the lock and reach its write phase')
    const holder = runs.find((r) => existsSync(r.pause))!
    const other = runs.find((r) => r !== holder)!
    const holderPid = Number.parseInt(await readFile(holder.pause, 'utf8'), 10)
    const refused = await other.run
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain(`${join(out, LOCK_PATH)}:1:1: another inferwatch generate is writing into this folder (pid ${holderPid} on host ${hostname()}, started `)
    expect(refused.stderr).not.toMatch(STACK_FRAME)
    expect(existsSync(other.pause)).toBe(false)

    await rm(holder.pause)
    const written = await holder.run
    expect(written.exitCode).toBe(0)
    expect(written.stdout).toMatch(/\d+ updated/)
    expect(existsSync(join(out, LOCK_PATH))).toBe(false)
    await expectConsistentManifest(out)
    expect((await runCli(['generate', v2, '--out', out, '--check'])).exitCode).toBe(0)
  })

  it('a --check during a write proceeds without the lock and says a writer holds it', async () => {
    const {out, v1, v2, work} = await generatedFolder()
    expect((await runCli(['generate', v1, '--out', out])).exitCode).toBe(0)
    const pause = join(work, 'pause')
    const {pid, run} = await startPausedGenerate(v2, out, pause)
    const check = await runCli(['generate', v1, '--out', out, '--check'])
    expect(check.exitCode).toBe(0)
    expect(check.stderr).toContain(`another inferwatch generate is writing into this folder (pid ${pid} on host`)
    // Its staged files are not litter to a reader: they belong to the live holder.
    expect(check.stderr).not.toContain('temporary file')
    await rm(pause)
    expect((await run).exitCode).toBe(0)
    await expectConsistentManifest(out)
  })
})

describe('the output folder lock', () => {
  it('a stale lock of a dead process on this host is taken over with a warning, and released afterwards', async () => {
    const {out, v1} = await generatedFolder()
    const pid = deadPid()
    await writeLock(out, {hostname: hostname(), pid, startedAt: '2026-01-01T00:00:00.000Z'})
    const result = await runCli(['generate', v1, '--out', out])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain(`took over a stale lock (pid ${pid} on host ${hostname()}, started 2026-01-01T00:00:00.000Z): pid ${pid} is no longer running`)
    expect(existsSync(join(out, LOCK_PATH))).toBe(false)
    await expectConsistentManifest(out)
  })

  it('a live pid that started after the lock was taken (pid reuse) does not hold it', async () => {
    const {out, v1} = await generatedFolder()
    // This test process is alive, but its start time is not the one recorded: the pid was reused.
    await writeLock(out, {hostname: hostname(), pid: process.pid, processStart: '1', startedAt: '2026-01-01T00:00:00.000Z'})
    const result = await runCli(['generate', v1, '--out', out])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain(`pid ${process.pid} now belongs to a process started after the lock was taken`)
  })

  it('a lock held by a live process, one from another host, and a file that is not a lock all refuse with exit 2 and write nothing', async () => {
    const {out, v1} = await generatedFolder()
    const startedAt = '2026-01-01T00:00:00.000Z'
    const gone = deadPid()
    const cases = [
      {expected: `(pid ${process.pid} on host ${hostname()}, started ${startedAt}); wait for it to finish`, lock: JSON.stringify({hostname: hostname(), pid: process.pid, startedAt})},
      // Another machine's pid cannot be checked from here, even one that is not running on this one.
      {expected: `(pid ${gone} on host elsewhere, started ${startedAt}); inferwatch cannot tell from this machine whether it still runs`, lock: JSON.stringify({hostname: 'elsewhere', pid: gone, startedAt})},
      {expected: 'exists but is not an inferwatch lock; if no inferwatch generate is writing into this folder, remove it', lock: 'garbage'},
    ]
    for (const {expected, lock} of cases) {
      await mkdir(join(out, '.inferwatch'), {recursive: true})
      await writeFile(join(out, LOCK_PATH), lock)
      const before = await snapshotTree(out)
      const result = await runCli(['generate', v1, '--out', out])
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain(`${join(out, LOCK_PATH)}:1:1: `)
      expect(result.stderr).toContain(expected)
      expect(result.stderr).not.toMatch(STACK_FRAME)
      expect(await snapshotTree(out)).toEqual(before)
    }
  })

  it('--check and --dry-run take no lock and create nothing', async () => {
    const {out, v1} = await generatedFolder()
    expect((await runCli(['generate', v1, '--out', out, '--dry-run'])).exitCode).toBe(0)
    expect((await runCli(['generate', v1, '--out', out, '--check'])).exitCode).toBe(1)
    expect(existsSync(out)).toBe(false)
  })
})
