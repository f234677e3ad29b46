// Speed and memory targets for `generate`, measured on synthetic fleets of growing size.
// Targets live here, never in timed tests: run `npm run bench` (after `npm run build`).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import {generate} from '../dist/src/app/generate.js'

/** Targets for the biggest fleet: a whole-agency estate, far beyond the examples. */
const TARGETS = {maxMillis: 10_000, maxHeapMiB: 512, nodes: 500}

function syntheticFleet(nodeCount) {
  const hardware = ['raspberry-pi-5', 'nvidia-gpu', 'apple-silicon', 'generic-linux']
  const runtimes = {'apple-silicon': 'ollama', 'generic-linux': 'tgi', 'nvidia-gpu': 'vllm', 'raspberry-pi-5': 'llama-cpp'}
  const lines = ['apiVersion: inferwatch/v1', 'kind: Fleet', 'metadata: {name: bench}', 'nodes:']
  for (let i = 0; i < nodeCount; i++) {
    const hw = hardware[i % hardware.length]
    const name = `node-${String(i).padStart(4, '0')}`
    lines.push(
      `  - name: ${name}`,
      `    address: 10.${Math.floor(i / 250)}.${i % 250}.1`,
      `    hardware: ${hw}`,
      `    labels: {site: site-${i % 7}, tenant: tenant-${i % 3}, role: inference}`,
      '    modelServers:',
      `      - {name: ${name}-srv, runtime: ${runtimes[hw]}, models: [{name: model-${i % 5}, stage: stable}]}`,
    )
  }
  return lines.join('\n') + '\n'
}

const results = []
for (const nodes of [10, 100, TARGETS.nodes]) {
  const dir = mkdtempSync(join(tmpdir(), 'inferwatch-bench-'))
  const fleetFile = join(dir, 'fleet.yaml')
  writeFileSync(fleetFile, syntheticFleet(nodes))
  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const start = performance.now()
  const result = await generate({fleetFile, mode: 'write', outDir: join(dir, 'out')})
  const millis = performance.now() - start
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20
  if (result.kind !== 'written') throw new Error(`generate did not write: ${result.kind}`)
  results.push({files: result.files.length, heapMiB: Math.max(0, heapMiB).toFixed(1), millis: millis.toFixed(0), nodes})
  rmSync(dir, {force: true, recursive: true})
}
console.table(results)

const big = results.at(-1)
const failures = []
if (Number(big.millis) > TARGETS.maxMillis) failures.push(`${big.nodes} nodes took ${big.millis} ms (target ${TARGETS.maxMillis} ms)`)
if (Number(big.heapMiB) > TARGETS.maxHeapMiB) failures.push(`${big.nodes} nodes grew the heap by ${big.heapMiB} MiB (target ${TARGETS.maxHeapMiB} MiB)`)
if (failures.length > 0) {
  console.error(`bench: targets missed:\n- ${failures.join('\n- ')}`)
  process.exit(1)
}
console.log(`bench: within targets (${TARGETS.nodes} nodes under ${TARGETS.maxMillis} ms and ${TARGETS.maxHeapMiB} MiB heap growth)`)
