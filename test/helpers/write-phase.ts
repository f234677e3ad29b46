import {existsSync} from 'node:fs'
import {copyFile, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {PAUSE_BEFORE_RENAME_VARIABLE} from '../../src/writer/test-hooks.js'
import {startCli} from './cli.js'
import {examplePath, tempDir} from './fleet.js'

export const TEMP_FILE = /\.inferwatch-tmp-\d+$/

/** Polls until `ready()` holds; bounded, so a broken run fails the test instead of hanging it. */
export async function waitFor(ready: () => boolean | Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}

/**
 * A folder generated from the mixed example (`v1`) and a second fleet (`v2`, another scrape
 * interval) whose output differs in many files, so a v2 run has plenty to stage.
 */
export async function generatedFolder() {
  const work = await tempDir()
  const v1 = join(work, 'v1.yaml')
  const v2 = join(work, 'v2.yaml')
  const out = join(work, 'observability')
  await copyFile(examplePath('mixed'), v1)
  const text = await readFile(v1, 'utf8')
  if (!text.includes('scrapeInterval: 15s')) throw new Error('examples/mixed.yaml no longer sets scrapeInterval: 15s; pick another change for v2')
  await writeFile(v2, text.replace('scrapeInterval: 15s', 'scrapeInterval: 20s'))
  return {out, v1, v2, work}
}

/** Starts `generate` paused in its write phase: every temp file staged, none renamed. Resolves once it is there. */
export async function startPausedGenerate(fleet: string, out: string, pauseFile: string) {
  const run = startCli(['generate', fleet, '--out', out], {[PAUSE_BEFORE_RENAME_VARIABLE]: pauseFile})
  await waitFor(() => existsSync(pauseFile) || run.exitCode !== null || run.signalCode !== null, `generate to reach its write phase (${pauseFile})`)
  if (!existsSync(pauseFile)) {
    const result = await run
    throw new Error(`generate ended before its write phase (exit ${result.exitCode}):\n${result.stderr}`)
  }
  return {pid: Number.parseInt(await readFile(pauseFile, 'utf8'), 10), run}
}
