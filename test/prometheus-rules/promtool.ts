import {execa} from 'execa'

/** Runs the real promtool; one invocation per file set keeps the suite fast. */
export async function promtool(args: string[], cwd: string): Promise<{ok: boolean; output: string}> {
  const result = await execa('promtool', args, {all: true, cwd, reject: false})
  return {ok: result.exitCode === 0, output: result.all ?? String(result.message)}
}
