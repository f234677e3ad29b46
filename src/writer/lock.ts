import {readFileSync, unlinkSync} from 'node:fs'
import {link, mkdir, readFile, rm, rmdir, unlink, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {tempSuffix} from './litter.js'
import {fileInTheWay} from './manifest.js'

/** The one writer at a time of an output folder holds this file; it is never part of the output. */
export const LOCK_PATH = '.inferwatch/lock'
/** Held for the instant it takes to replace a stale lock, so two runs never both take one over. */
const TAKEOVER_PATH = '.inferwatch/lock.takeover'

export interface LockHolder {
  pid: number
  hostname: string
  /** When the holder took the lock (ISO 8601), for the person reading a refusal. */
  startedAt: string
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat field 22), to tell pid reuse from the holder. */
  processStart?: string
}

export type LockState =
  | {kind: 'free'}
  | {kind: 'held'; holder: LockHolder}
  | {kind: 'stale'; holder: LockHolder; reason: string}
  | {kind: 'unreadable'}

/** Another run holds the lock (or something that is not a lock stands in its place): exit 2, naming the holder. */
export class LockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | undefined,
    message: string,
  ) {
    super(message)
  }
}

export interface HeldLock {
  /** The stale lock this run replaced, if any: worth a warning. */
  tookOver?: {holder: LockHolder; reason: string}
  release(): Promise<void>
  /** For a second Ctrl-C, when there is no time to wait for promises. */
  releaseSync(): void
}

/** Locks this process holds now: a lock naming our own pid is ours only if it is in here. */
const HELD_HERE = new Set<string>()

function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Why the holder of the lock at `path` is certainly gone, or undefined when it may still be writing. */
function whyStale(path: string, holder: LockHolder): string | undefined {
  // A pid on another machine (a shared folder) cannot be checked from here: assume it runs.
  if (holder.hostname !== hostname()) return undefined
  if (holder.pid === process.pid) {
    return HELD_HERE.has(resolve(path)) ? undefined : `pid ${holder.pid} is this process, so the lock was left by an earlier process with the same pid`
  }
  if (!isRunning(holder.pid)) return `pid ${holder.pid} is no longer running`
  const now = holder.processStart === undefined ? undefined : processStartOf(holder.pid)
  if (now !== undefined && now !== holder.processStart) return `pid ${holder.pid} now belongs to a process started after the lock was taken`
  return undefined
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0) return undefined
    if (typeof value.hostname !== 'string' || typeof value.startedAt !== 'string') return undefined
    if (value.processStart !== undefined && typeof value.processStart !== 'string') return undefined
    return value as LockHolder
  } catch {
    return undefined
  }
}

type LockFile = {kind: 'missing'} | {kind: 'unreadable'} | {kind: 'lock'; text: string; holder: LockHolder}

async function readLockFile(path: string): Promise<LockFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // No folder yet, or a file where the folder goes (reported when the writer needs the folder).
    if (code === 'ENOENT' || code === 'ENOTDIR') return {kind: 'missing'}
    return {kind: 'unreadable'}
  }
  const holder = parseHolder(text)
  return holder ? {holder, kind: 'lock', text} : {kind: 'unreadable'}
}

/** Who holds the output folder's lock, without taking it: for the read-only --check and --dry-run. */
export async function inspectLock(outDir: string): Promise<LockState> {
  const file = await readLockFile(join(outDir, LOCK_PATH))
  if (file.kind !== 'lock') return file.kind === 'missing' ? {kind: 'free'} : {kind: 'unreadable'}
  const reason = whyStale(join(outDir, LOCK_PATH), file.holder)
  return reason === undefined ? {holder: file.holder, kind: 'held'} : {holder: file.holder, kind: 'stale', reason}
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on host ${holder.hostname}, started ${holder.startedAt}`
}

export function heldError(outDir: string, holder: LockHolder | undefined): LockHeldError {
  const path = join(outDir, LOCK_PATH)
  if (!holder) {
    return new LockHeldError(path, undefined, 'exists but is not an inferwatch lock; if no inferwatch generate is writing into this folder, remove it and run again')
  }
  const elsewhere = holder.hostname === hostname() ? '' : '; inferwatch cannot tell from this machine whether it still runs'
  return new LockHeldError(
    path,
    holder,
    `another inferwatch generate is writing into this folder (${describeHolder(holder)})${elsewhere}; ` +
      'wait for it to finish, or if that process is gone, remove this file and run again',
  )
}

function currentHolder(): LockHolder {
  const processStart = processStartOf(process.pid)
  return {hostname: hostname(), pid: process.pid, startedAt: new Date().toISOString(), ...(processStart === undefined ? {} : {processStart})}
}

/** Puts `content` at `path` only if nothing is there, in one step: readers never see a half-written lock. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = path + tempSuffix()
  await writeFile(temp, content, 'utf8')
  try {
    await link(temp, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // A run holding the lock removed our staging file as litter: it holds the folder.
    if (code === 'ENOENT') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
    // File systems without hard links: O_EXCL still makes creation exclusive.
    try {
      await writeFile(path, content, {encoding: 'utf8', flag: 'wx'})
      return true
    } catch (error_) {
      if ((error_ as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error_
    }
  } finally {
    await rm(temp, {force: true})
  }
}

/** Removes a stale lock, unless another run replaced it meanwhile; false when another run is doing the same right now. */
async function removeStale(outDir: string, staleText: string): Promise<boolean> {
  // Every step is checked again by the caller's next attempt: a lock that reappears is someone's new one.
  const mutex = join(outDir, TAKEOVER_PATH)
  try {
    await writeFile(mutex, `${process.pid}\n`, {encoding: 'utf8', flag: 'wx'})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const pid = Number.parseInt(await readFile(mutex, 'utf8').catch(() => ''), 10)
    // Its holder died in the instant it held it: clear it and let the caller try again.
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
      await rm(mutex, {force: true})
      return true
    }
    return false
  }
  try {
    const now = await readFile(join(outDir, LOCK_PATH), 'utf8').catch(() => undefined)
    if (now === staleText) await unlink(join(outDir, LOCK_PATH))
    return true
  } finally {
    await rm(mutex, {force: true})
  }
}

/**
 * Takes the output folder's lock or throws LockHeldError naming the holder. A lock whose holder is
 * certainly gone (same host, pid not running or reused) is taken over and reported in `tookOver`.
 * Creates the folder if needed; release() removes the lock and any folder this created that is
 * still empty, so a run that writes nothing leaves nothing behind.
 */
export async function acquireLock(outDir: string): Promise<HeldLock> {
  const path = join(outDir, LOCK_PATH)
  let created: string | undefined
  try {
    created = await mkdir(dirname(path), {recursive: true})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR' || code === 'EEXIST') throw await fileInTheWay(outDir)
    throw error
  }
  const text = `${JSON.stringify(currentHolder(), null, 2)}\n`
  try {
    return await takeLock(outDir, path, text, created)
  } catch (error) {
    await removeCreated(outDir, created)
    throw error
  }
}

async function takeLock(outDir: string, path: string, text: string, created: string | undefined): Promise<HeldLock> {
  let tookOver: HeldLock['tookOver']
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, text)) {
      HELD_HERE.add(resolve(path))
      return heldLock(outDir, path, text, created, tookOver)
    }
    const existing = await readLockFile(path)
    if (existing.kind === 'missing') continue
    if (existing.kind === 'unreadable') break
    const reason = whyStale(path, existing.holder)
    if (reason === undefined) throw heldError(outDir, existing.holder)
    if (await removeStale(outDir, existing.text)) tookOver = {holder: existing.holder, reason}
    // Another run is replacing the stale lock this instant: its new lock, named in the refusal, follows.
    else await sleep(20)
  }
  const last = await readLockFile(path)
  throw heldError(outDir, last.kind === 'lock' ? last.holder : undefined)
}

function heldLock(outDir: string, path: string, text: string, created: string | undefined, tookOver: HeldLock['tookOver']): HeldLock {
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      HELD_HERE.delete(resolve(path))
      // Only our own lock: never remove one another run took over (it judged us gone).
      if ((await readFile(path, 'utf8').catch(() => undefined)) === text) await unlink(path)
      await removeCreated(outDir, created)
    },
    releaseSync() {
      if (released) return
      released = true
      HELD_HERE.delete(resolve(path))
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path)
      } catch {
        // Nothing to release.
      }
    },
    ...(tookOver ? {tookOver} : {}),
  }
}

/** Removes the folders acquireLock created, innermost first, as long as they are empty. */
async function removeCreated(outDir: string, created: string | undefined): Promise<void> {
  if (created === undefined) return
  let dir = join(outDir, dirname(LOCK_PATH))
  for (;;) {
    try {
      await rmdir(dir)
    } catch {
      return
    }
    if (relative(created, dir) === '') return
    dir = dirname(dir)
  }
}
