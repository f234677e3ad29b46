// The npm registry this project's machines reach serves only the linux-x64 build of rollup's
// platform packages, so `npm install` cannot record the other platforms' optional packages, and
// `npm ci` then refuses the lock file as out of sync. This adds the missing entries, marked optional
// with the os/cpu/libc they are for, so npm skips them on every other platform without fetching.
// Run after any `npm install` that rewrites package-lock.json: `node scripts/complete-lockfile.mjs`.
import {readFileSync, writeFileSync} from 'node:fs'

const LOCK = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(LOCK, 'utf8'))

/** `@rollup/rollup-linux-arm64-musl` → {os: linux, cpu: arm64, libc: musl}. */
function platformOf(name) {
  const [os, cpu, abi] = name.replace(/^@rollup\/rollup-/, '').split('-')
  const cpuMap = {arm: 'arm', arm64: 'arm64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x', x64: 'x64'}
  const platform = {cpu: [cpuMap[cpu]], os: [os]}
  if (os === 'linux' && abi) platform.libc = [abi.startsWith('musl') ? 'musl' : 'glibc']
  return platform
}

let added = 0
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!dep.startsWith('@rollup/rollup-')) continue
    const key = `${path ? path + '/' : ''}node_modules/${dep}`.replace(/^node_modules\/rollup\/node_modules\//, 'node_modules/')
    const hoisted = `node_modules/${dep}`
    if (lock.packages[key] || lock.packages[hoisted]) continue
    lock.packages[hoisted] = {version, ...platformOf(dep), dev: entry.dev, license: 'MIT', optional: true}
    added++
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)))
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n')
console.log(`complete-lockfile: added ${added} platform entries`)
