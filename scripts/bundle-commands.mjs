// Bundles each oclif command, with everything it imports except @oclif/core, into dist/cli/ (shared
// code in dist/cli/chunks/). Node spends more time finding, reading and linking the ~220 compiled
// modules and their dependencies' hundreds of files than running them: importing the generate
// pipeline took 0.37 s as separate modules and 0.17 s bundled, which is most of what a small fleet
// costs. @oclif/core stays external so the commands extend the Command class oclif itself loads.
import {readdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const commands = join(root, 'dist', 'src', 'commands')
const entryPoints = readdirSync(commands, {recursive: true})
  .filter((file) => file.endsWith('.js'))
  .sort()
  .map((file) => join(commands, file))

await build({
  banner: {js: "import {createRequire as __inferwatchCreateRequire} from 'node:module'; const require = __inferwatchCreateRequire(import.meta.url);"},
  bundle: true,
  chunkNames: 'chunks/[name]-[hash]',
  entryNames: 'commands/[dir]/[name]',
  entryPoints,
  external: ['@oclif/core'],
  format: 'esm',
  logLevel: 'warning',
  outbase: commands,
  outdir: join(root, 'dist', 'cli'),
  platform: 'node',
  splitting: true,
  target: 'node20',
})
console.log(`dist/cli: ${entryPoints.length} commands bundled`)
