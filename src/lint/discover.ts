import {readdir, stat} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'

/** Extensions lint reads when it walks a folder; a file named explicitly is read whatever its name. */
const CONFIG_EXTENSIONS = ['.yml', '.yaml', '.json', '.conf']
const SKIPPED_FOLDERS = new Set(['node_modules'])

export type Discovery = {ok: true; files: string[]} | {ok: false; missing: string[]}

/**
 * Files, folders (walked, hidden entries and node_modules skipped) and globs (`*`, `**`, `?`),
 * deduplicated and sorted so output order never depends on the file system.
 */
export async function discoverFiles(paths: readonly string[], ignore: readonly string[] = []): Promise<Discovery> {
  const found = new Set<string>()
  const missing: string[] = []
  const ignored = ignore.map(globToRegExp)
  for (const path of paths) {
    if (/[*?[]/.test(path)) {
      const base = path.split(/[\\/]/).findIndex((part) => /[*?[]/.test(part))
      const root = path.split(/[\\/]/).slice(0, base).join('/') || '.'
      const pattern = globToRegExp(path.replace(/^\.\//, ''))
      const before = found.size
      for (const file of await walk(root, true)) if (pattern.test(toSlash(file).replace(/^\.\//, ''))) found.add(file)
      if (found.size === before) missing.push(path)
      continue
    }
    const info = await stat(path).catch(() => undefined)
    if (!info) missing.push(path)
    else if (info.isDirectory()) for (const file of await walk(path, false)) found.add(file)
    else found.add(path)
  }
  if (missing.length > 0) return {missing, ok: false}
  const files = [...found].filter((file) => !ignored.some((re) => re.test(toSlash(relative('.', file)))))
  return {files: files.sort(), ok: true}
}

async function walk(folder: string, anyExtension: boolean): Promise<string[]> {
  const out: string[] = []
  const entries = await readdir(folder, {withFileTypes: true}).catch(() => [])
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue
    const path = folder === '.' ? entry.name : join(folder, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(path, anyExtension)))
    else if (entry.isFile() && (anyExtension || CONFIG_EXTENSIONS.some((ext) => entry.name.endsWith(ext)))) out.push(path)
  }
  return out
}

function toSlash(path: string): string {
  return path.split(sep).join('/')
}

/** `**` any number of folders, `*` within one name, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'
      i += glob[i + 2] === '/' ? 2 : 1
    } else if (ch === '*') out += '[^/]*'
    else if (ch === '?') out += '[^/]'
    else out += /[.+^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch
  }
  return new RegExp(`^${out}$`)
}
