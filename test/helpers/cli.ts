import {join} from 'node:path'

import {execa} from 'execa'

import {PACKAGE_ROOT} from '../../src/package-root.js'

export const CLI = join(PACKAGE_ROOT, 'bin', 'run.js')

/** Runs the built CLI (npm test builds first) the way a user would, never throwing on a non-zero exit. */
export async function runCli(args: string[], options: {cwd?: string} = {}) {
  const result = await execa('node', [CLI, ...args], {cwd: options.cwd ?? PACKAGE_ROOT, env: {NO_COLOR: '1'}, reject: false})
  return {exitCode: result.exitCode ?? -1, stderr: result.stderr, stdout: result.stdout}
}

/** A stack frame line, as Node prints them: the thing users must never see for their own mistakes. */
export const STACK_FRAME = /^\s+at .+[(:]\d+/m

/** Starts the built CLI without waiting for it, for tests that signal it or race it against another run. */
export function startCli(args: string[], env: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], {cwd: PACKAGE_ROOT, env: {NO_COLOR: '1', ...env}, reject: false})
}
