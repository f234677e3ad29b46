// Bundles each oclif command, with everything it imports except @oclif/core, into dist/cli/ (shared
// code in dist/cli/chunks/). Node spends more time finding, reading and linking the ~220 compiled
// modules and their dependencies' hundreds of files than running them: importing the generate
// pipeline took 0.37 s as separate modules and 0.17 s bundled, which is most of what a small fleet
// costs. @oclif/core stays external so the commands extend the Command class oclif itself loads.
//
// Two dependencies bring far more than inferwatch runs, and every run of a command would parse and
// evaluate it (see onlyWhatRuns below): the bundle of `generate` was 2.9 MB, 1.6 MB without them, and
// importing it 180 ms against 147 ms (median of 15 interleaved runs, 2-core AMD EPYC).
import {readdirSync, readFileSync, rmSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const commands = join(root, 'dist', 'src', 'commands')
const outdir = join(root, 'dist', 'cli')
const entryPoints = readdirSync(commands, {recursive: true})
  .filter((file) => file.endsWith('.js'))
  .sort()
  .map((file) => join(commands, file))

/**
 * - zod's `locales` namespace re-exports its error messages in ~50 languages (400 KB); inferwatch
 *   words its own diagnostics, and zod registers English itself (classic/schemas.js imports en.js),
 *   so the namespace keeps English only.
 * - The Grafana foundation SDK is CommonJS, which esbuild cannot tree-shake, and each package's
 *   index re-exports builders for Grafana's v2 dashboard schema (dashboardv2, dashboardv2beta1:
 *   600 KB) next to the classic ones inferwatch's dashboards use. A re-export whose module requires
 *   a v2 schema package is left out of the index.
 * BANNED below fails the build if either stops working (a dependency's layout changed).
 */
const V2_SCHEMA = /require\("\.\.\/dashboardv2/
const onlyWhatRuns = {
  name: 'only-what-runs',
  setup(b) {
    b.onLoad({filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/}, () => ({contents: 'export {default as en} from "./en.js";\n', loader: 'js'}))
    b.onLoad({filter: /[\\/]grafana-foundation-sdk[\\/]dist[\\/][^\\/]+[\\/]index\.js$/}, ({path}) => {
      if (/[\\/]dashboardv2[^\\/]*[\\/]index\.js$/.test(path)) return undefined
      const keep = (line) => {
        const required = line.match(/__exportStar\(require\("(\.\/[^"]+)"\)/)?.[1]
        return !required || !V2_SCHEMA.test(readFileSync(join(dirname(path), `${required}.js`), 'utf8'))
      }
      return {contents: readFileSync(path, 'utf8').split('\n').filter(keep).join('\n'), loader: 'js'}
    })
  },
}
const BANNED = [/[\\/]zod[\\/]v4[\\/]locales[\\/](?!en\.js|index\.js)[^\\/]+$/, /[\\/]grafana-foundation-sdk[\\/]dist[\\/]dashboardv2/]

// Chunk names carry a content hash: without emptying the folder, every build would leave the last one's.
rmSync(outdir, {force: true, recursive: true})
const {metafile} = await build({
  banner: {js: "import {createRequire as __inferwatchCreateRequire} from 'node:module'; const require = __inferwatchCreateRequire(import.meta.url);"},
  bundle: true,
  chunkNames: 'chunks/[name]-[hash]',
  entryNames: 'commands/[dir]/[name]',
  entryPoints,
  external: ['@oclif/core'],
  format: 'esm',
  logLevel: 'warning',
  metafile: true,
  outbase: commands,
  outdir,
  platform: 'node',
  plugins: [onlyWhatRuns],
  splitting: true,
  target: 'node20',
})
const banned = Object.keys(metafile.inputs).filter((input) => BANNED.some((pattern) => pattern.test(input)))
if (banned.length > 0) {
  console.error(`bundle-commands: these were meant to stay out of dist/cli and did not:\n  ${banned.slice(0, 10).join('\n  ')}`)
  process.exit(1)
}
const bytes = Object.values(metafile.outputs).reduce((total, output) => total + output.bytes, 0)
console.log(`dist/cli: ${entryPoints.length} commands bundled, ${(bytes / 1e6).toFixed(1)} MB`)
