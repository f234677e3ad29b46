// Writes oclif.manifest.json so the CLI starts without importing every command to list them.
// Does what `oclif manifest` does, without pulling in the oclif packaging CLI and its dependencies.
import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {Plugin} from '@oclif/core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const plugin = new Plugin({errorOnManifestCreate: true, ignoreManifest: true, isRoot: true, root, type: 'core'})
await plugin.load()
const manifest = {...plugin.manifest}
writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands`)

// The root help, rendered by oclif at its width for a pipe (80 columns), for bin/run.js to print
// without loading oclif: `inferwatch --help` then starts as fast as `--version`.
process.env.OCLIF_COLUMNS = '80'
const {execute} = await import('@oclif/core')
const chunks = []
const write = process.stdout.write
process.stdout.write = (chunk) => chunks.push(String(chunk)) > 0
try {
  await execute({args: ['--help'], dir: join(root, 'bin', 'run.js')})
} finally {
  process.stdout.write = write
}
// The VERSION line names the Node.js that runs it: bin/run.js fills it in.
const {name, version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const userAgent = `${name}/${version} ${process.platform}-${process.arch} node-${process.version}`
writeFileSync(join(root, 'dist', 'root-help.txt'), chunks.join('').replaceAll(userAgent, '{{userAgent}}'))
console.log('dist/root-help.txt: root help')
