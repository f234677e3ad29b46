import {mkdir, rename, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'

/** Writes a file only if it does not exist yet (or `force`), atomically. */
export async function writeNewFile(path: string, content: string, force: boolean): Promise<{ok: boolean}> {
  await mkdir(dirname(path), {recursive: true})
  if (!force) {
    try {
      await writeFile(path, content, {flag: 'wx'})
      return {ok: true}
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return {ok: false}
      throw error
    }
  }
  const temp = `${path}.inferwatch-tmp-${process.pid}`
  await writeFile(temp, content)
  await rename(temp, path)
  return {ok: true}
}
