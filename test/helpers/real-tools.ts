import {spawnSync} from 'node:child_process'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

export interface ToolRun {
  ok: boolean
  output: string
}

/** Keys whose value is a file Prometheus opens; `promtool check config` fails when it is missing. */
const FILE_SETTING = /^(\s*(?:- )?(?:ca_file|cert_file|key_file|password_file|credentials_file): )(\/\S+)$/gm

/**
 * Runs the real `promtool check config` on a generated config inside `dir`.
 * The fleet's certificate and secret files (absolute paths such as /etc/prometheus/tls/ca.pem) do
 * not exist here, so the check reads a copy in the same folder in which only those paths are moved
 * under `dir` and created empty; every other byte, and every relative path, is the generated one.
 */
export async function promtoolCheckConfig(dir: string, configPath: string, options: {agent?: boolean} = {}): Promise<ToolRun> {
  const original = await readFile(join(dir, configPath), 'utf8')
  const secrets = join(dir, '_secrets')
  const files: string[] = []
  const checked = original.replace(FILE_SETTING, (_, key: string, path: string) => {
    files.push(path)
    return `${key}${secrets}${path}`
  })
  for (const path of files) {
    await mkdir(dirname(secrets + path), {recursive: true})
    await writeFile(secrets + path, '')
  }
  const copy = join(dir, configPath.replace(/\.yml$/, '.check.yml'))
  await writeFile(copy, checked)
  return run('promtool', ['check', 'config', ...(options.agent ? ['--agent'] : []), copy])
}

/** blackbox_exporter's own config check; Debian names the binary prometheus-blackbox-exporter. */
export const BLACKBOX_BINARY = ['prometheus-blackbox-exporter', 'blackbox_exporter'].find(
  (binary) => spawnSync(binary, ['--version'], {encoding: 'utf8'}).status === 0,
)

export function blackboxCheckConfig(file: string): ToolRun {
  return run(BLACKBOX_BINARY!, ['--config.check', `--config.file=${file}`])
}

function run(command: string, args: string[]): ToolRun {
  const result = spawnSync(command, args, {encoding: 'utf8'})
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
  return {ok: result.status === 0, output}
}
