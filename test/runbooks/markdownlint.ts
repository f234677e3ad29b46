import {join} from 'node:path'

import {execa} from 'execa'

import {PACKAGE_ROOT} from '../../src/package-root.js'

/** Runs the real markdownlint-cli2 over the generated runbooks, with the config generated beside them. */
export async function markdownlint(outDir: string): Promise<{ok: boolean; output: string}> {
  const bin = join(PACKAGE_ROOT, 'node_modules', '.bin', 'markdownlint-cli2')
  const result = await execa(bin, ['runbooks/**/*.md'], {cwd: outDir, reject: false})
  return {ok: result.exitCode === 0, output: `${result.stdout}\n${result.stderr}`}
}
