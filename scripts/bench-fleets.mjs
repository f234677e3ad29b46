// Fleets for `npm run bench` and for the scale tests (test/prometheus-rules/scale.test.ts): the same
// variety at every size, so what grows with the node count is only the fleet, never its shape.
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse, stringify} from 'yaml'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

const HARDWARE = ['raspberry-pi-5', 'nvidia-gpu', 'apple-silicon', 'generic-linux']
const address = (i) => `10.${Math.floor(i / 62500) % 250}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`
const pad = (i) => String(i).padStart(5, '0')

/**
 * `nodeCount` nodes, hardware round-robin: Raspberry Pi 5 (llama.cpp, every other one with a Hailo-8L),
 * NVIDIA GPU servers with two model servers (vLLM, one in five a canary, and TGI), Apple Silicon (Ollama),
 * generic Linux (llama.cpp). Sites of 50 nodes; one drift job per 40 nodes and one backup per 100;
 * one node in 40 has servers with a latency objective of their own (the same one, so they form one
 * variant), one in 200 a stricter latency and error objective.
 */
export function syntheticFleet(nodeCount) {
  const nodes = []
  const drift = []
  const backups = []
  const sites = new Map()
  const slo = (i) => {
    if (i % 200 === 5) return {slo: {errorRatePercent: 0.5, latencyP99: '1s'}}
    if (i % 40 === 1) return {slo: {latencyP99: '2s'}}
    return {}
  }
  for (let i = 0; i < nodeCount; i++) {
    const hardware = HARDWARE[i % HARDWARE.length]
    const name = `node-${pad(i)}`
    const site = `site-${pad(Math.floor(i / 50))}`
    const labels = {role: 'inference', site, tenant: `tenant-${i % 3}`}
    const servers = []
    if (hardware === 'nvidia-gpu') {
      const canary = Math.floor(i / 4) % 5 === 3
      servers.push(
        {models: [{name: `llm-${Math.floor(i / 4) % 2}`, stage: canary ? 'canary' : 'stable', version: canary ? 'v2' : 'v1'}], name: `${name}-vllm`, port: 8000, runtime: 'vllm', ...slo(i)},
        {models: [{name: `embed-${i % 3}`, stage: 'stable', version: 'v1'}], name: `${name}-tgi`, port: 8001, runtime: 'tgi', ...slo(i + 2)},
      )
      if (Math.floor(i / 4) % 10 === 0) drift.push({name: `drift-${pad(i)}`, server: `${name}-vllm`, threshold: 0.2})
    } else {
      const runtime = hardware === 'apple-silicon' ? 'ollama' : 'llama-cpp'
      servers.push({models: [{name: `${runtime}-model-${i % 5}`, stage: 'stable', version: 'v1'}], name: `${name}-srv`, runtime, ...slo(i)})
    }
    const node = {address: address(i), hardware, labels, modelServers: servers, name}
    if (hardware === 'raspberry-pi-5' && i % 8 === 0) node.accelerators = ['hailo-8l']
    nodes.push(node)
    if (i % 100 === 2) backups.push({maxAge: '26h', name: `backup-${pad(i)}`, node: name, paths: ['/var/lib/models']})
    sites.set(site, [...(sites.get(site) ?? []), name])
  }
  const fleet = {
    apiVersion: 'inferwatch/v1',
    kind: 'Fleet',
    metadata: {name: 'bench'},
    defaults: {slo: {errorRatePercent: 1, latencyP99: '500ms'}},
    nodes,
    sites: [...sites].map(([name, members]) => ({kind: 'app', name, nodes: members, tenant: 'tenant-0'})),
    alerting: {defaultReceiver: 'ops', receivers: [{name: 'ops', webhook: {urlFile: '/etc/alertmanager/secrets/ops-webhook-url'}}]},
    logging: {sink: {host: '10.255.0.5', type: 'loki'}},
    drift,
    backups,
  }
  return stringify(fleet, {lineWidth: 0})
}

/**
 * examples/mixed.yaml with its nodes copied until there are `nodeCount`: the copies are renamed
 * (`pi-blog-00001`, `llama-blog-00001`, …) and keep their servers' own `slo` overrides, so there are
 * hundreds of llama.cpp servers with the same override: one variant, not hundreds (issue #14).
 */
export function mixedDerivedFleet(nodeCount) {
  const mixed = parse(readFileSync(join(ROOT, 'examples', 'mixed.yaml'), 'utf8'))
  const originals = mixed.nodes
  const nodes = []
  for (let i = 0; nodes.length < nodeCount; i++) {
    const copy = originals[i % originals.length]
    const round = Math.floor(i / originals.length)
    const suffix = round === 0 ? '' : `-${pad(round)}`
    nodes.push({
      ...structuredClone(copy),
      address: round === 0 ? copy.address : address(i),
      modelServers: (copy.modelServers ?? []).map((s) => ({...structuredClone(s), name: `${s.name}${suffix}`})),
      name: `${copy.name}${suffix}`,
    })
  }
  return stringify({...mixed, nodes}, {lineWidth: 0})
}
