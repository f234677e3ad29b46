#!/usr/bin/env node
// `--version` and `--help` answer without loading oclif, whose import alone takes longer than Node's
// own start: the version comes from package.json and the root help is oclif's own, rendered once at
// build time (scripts/write-manifest.mjs writes dist/root-help.txt). Everything else goes to oclif,
// which loads only the command that runs (oclif.manifest.json lists them without importing them).
import {readFileSync} from 'node:fs'

const argv = process.argv.slice(2)
const fast = argv.length === 1 ? {'--help': answerHelp, '--version': answerVersion}[argv[0]] : undefined

if (!fast?.()) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}

/** oclif's user agent, as `inferwatch --version` prints it through oclif. */
function userAgent() {
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return `${name}/${version} ${process.platform}-${process.arch} node-${process.version}`
}

function answerVersion() {
  process.stdout.write(`${userAgent()}\n`)
  return true
}

function answerHelp() {
  let help
  try {
    help = readFileSync(new URL('../dist/root-help.txt', import.meta.url), 'utf8')
  } catch {
    return false
  }
  process.stdout.write(help.replaceAll('{{userAgent}}', userAgent()))
  return true
}
