import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {setTimeout as sleep} from 'node:timers/promises'

/**
 * Fault injection for tests, inert unless the variable is set: with
 * INFERWATCH_TEST_PAUSE_BEFORE_RENAME=<file>, the writer, once every temporary file is staged and
 * before the first rename, creates <file> holding its pid and waits until <file> is deleted (or a
 * stop signal arrives). A test can then kill a run in its write phase, or start a second run while
 * the first holds the lock, without racing the clock.
 */
export const PAUSE_BEFORE_RENAME_VARIABLE = 'INFERWATCH_TEST_PAUSE_BEFORE_RENAME'

export async function pauseBeforeRenameForTests(signal?: AbortSignal): Promise<void> {
  const file = process.env[PAUSE_BEFORE_RENAME_VARIABLE]
  if (!file) return
  await writeFile(file, `${process.pid}\n`)
  while (existsSync(file) && !signal?.aborted) await sleep(20, undefined, {signal}).catch(() => {})
}
