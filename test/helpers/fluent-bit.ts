import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {PACKAGE_ROOT} from '../../src/package-root.js'

const SHARED_BINARY = join('shared', 'tools', 'fluent-bit', 'bin', 'fluent-bit')

/** `<dir>/shared/tools/fluent-bit/bin/fluent-bit` for the checkout's parent and every folder above it (CI: ../shared; a worktree: /work/shared). */
function sharedCandidates(): string[] {
  const out: string[] = []
  for (let dir = dirname(PACKAGE_ROOT); ; dir = dirname(dir)) {
    out.push(join(dir, SHARED_BINARY))
    if (dirname(dir) === dir) return out
  }
}

const runs = (binary: string) => spawnSync(binary, ['--version'], {encoding: 'utf8', timeout: 10_000}).status === 0

/**
 * The Fluent Bit the tests run: `$FLUENT_BIT`, else `fluent-bit` on PATH, else the test build in
 * ../shared/tools beside the checkout (or above it). Undefined when none runs, with the reason.
 */
export const FLUENT_BIT: {binary: string | undefined; reason: string} = (() => {
  const candidates = [process.env.FLUENT_BIT, 'fluent-bit', ...sharedCandidates().filter((p) => existsSync(p))].filter((c): c is string => Boolean(c))
  const binary = candidates.find(runs)
  return {binary, reason: binary ? '' : `no runnable Fluent Bit: set FLUENT_BIT, put fluent-bit on PATH or build ../${SHARED_BINARY} (tried ${candidates.join(', ') || 'nothing'})`}
})()

export function fluentBitDryRun(config: string): {ok: boolean; output: string} {
  const result = spawnSync(FLUENT_BIT.binary!, ['--dry-run', '-c', config], {encoding: 'utf8', timeout: 30_000})
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  return {ok: result.status === 0 && output.includes('configuration test is successful'), output}
}

/**
 * Fluent Bit reads `file://` secrets while it checks a config, and the fleet's password files do not
 * exist here: the check reads a copy in which only those paths are moved under `dir` and created.
 */
export async function withSecretsUnder(dir: string, configPath: string): Promise<string> {
  const original = await readFile(configPath, 'utf8')
  const secrets = join(dir, '_secrets')
  for (const [, path] of original.matchAll(/file:\/\/(\/\S+)/g)) {
    await mkdir(dirname(secrets + path), {recursive: true})
    await writeFile(secrets + path!, 'not-the-real-secret\n')
  }
  const copy = configPath.replace(/(\.\w+)$/, '.check$1')
  await writeFile(copy, original.replaceAll('file:///', `file://${secrets}/`))
  return copy
}
