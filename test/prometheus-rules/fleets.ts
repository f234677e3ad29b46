import type {OutputFile} from '../../src/generators/types.js'
import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {EXAMPLES, fleetFromYaml, loadExample} from '../helpers/fleet.js'

/**
 * A fleet on which every alert in the catalog is generated: every runtime and hardware profile,
 * a canary pair, an https server, drift, backups, logging, cAdvisor, and knobs overridden away
 * from their defaults. Two nodes lose an exporter or the textfile collector, so the notes for
 * skipped rules show up too.
 */
export const EVERY_ALERT_FLEET = `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: every-alert}
defaults:
  thresholds:
    queueDepth: 5
    diskFreePercent: 15
    memoryUsedPercent: 85
    containerRestarts: 4
    certificateExpiryDays: 21
    canaryLatencyFactor: 1.5
    canaryErrorRatePoints: 2
    temperature:
      raspberry-pi-5: {warning: 70, critical: 78}
  slo: {latencyP99: 2s, ttftP95: 1s, errorRatePercent: 2, availabilityPercent: 99.9}
nodes:
  - name: pi-a
    address: 10.0.0.11
    hardware: raspberry-pi-5
    accelerators: [hailo-8l]
    labels: {site: office, tenant: agency, role: inference}
    exporters:
      cadvisor: {port: 8081}
    modelServers:
      - name: llama-a
        runtime: llama-cpp
        port: 8080
        models: [{name: qwen2.5-1.5b, version: q4, stage: stable}]
  - name: pi-b
    address: 10.0.0.12
    hardware: raspberry-pi-5
    labels: {site: office, tenant: agency}
    exporters:
      textfile: {enabled: false}
  - name: gpu-a
    address: gpu-a.example.com
    hardware: nvidia-gpu
    labels: {site: dc1, tenant: internal, role: inference}
    exporters:
      cadvisor: {port: 8080}
    modelServers:
      - name: vllm-stable
        runtime: vllm
        port: 8000
        scheme: https
        models: [{name: mistral-7b, version: v0.3, stage: stable}]
        slo: {latencyP99: 8s, errorRatePercent: 1, availabilityPercent: 99.5}
      - name: vllm-canary
        runtime: vllm
        port: 8001
        models: [{name: mistral-7b, version: v0.4, stage: canary}]
      - name: vllm-multi
        runtime: vllm
        port: 8002
        models: [{name: phi-3}, {name: gemma-2b}]
      - name: tgi-a
        runtime: tgi
        port: 3000
        models: [{name: falcon-7b}]
  - name: gpu-b
    address: gpu-b.example.com
    hardware: nvidia-gpu
    labels: {site: dc1, tenant: internal}
    exporters:
      dcgm-exporter: {enabled: false}
    modelServers:
      - name: triton-b
        runtime: triton
        port: 8000
        metricsPort: 8002
        models: [{name: resnet50, version: "3"}]
      - name: sglang-b
        runtime: sglang
        models: [{name: qwen2.5-7b}]
  - name: mac-a
    address: 10.0.0.40
    hardware: apple-silicon
    exporters:
      macmon: {port: 9091}
    modelServers:
      - name: ollama-a
        runtime: ollama
        models: [{name: llama3.2}]
  - name: box-a
    address: 10.0.0.50
    hardware: generic-linux
    modelServers:
      - name: custom-a
        runtime: custom
        healthPath: /ready
        models: [{name: in-house}]
logging:
  sink: {type: loki, host: 10.0.0.2}
drift:
  - {name: stable-drift, server: vllm-stable, model: mistral-7b, threshold: 0.3, window: 2h, schedule: '0 */2 * * *'}
  - {name: canary-drift, server: vllm-canary}
backups:
  - {name: weights, node: pi-a, paths: [/srv/models], maxAge: 26h}
  - {name: configs, node: gpu-a, paths: [/etc/vllm], maxAge: 8d}
runbooks:
  baseUrl: https://wiki.example.com/runbooks/
`

export const FLEETS = [...EXAMPLES, 'every-alert'] as const
export type FleetName = (typeof FLEETS)[number]

const fleets = new Map<FleetName, Promise<Fleet>>()

export function fleetNamed(name: FleetName): Promise<Fleet> {
  if (!fleets.has(name)) fleets.set(name, name === 'every-alert' ? fleetFromYaml(EVERY_ALERT_FLEET) : loadExample(name))
  return fleets.get(name)!
}

export async function rulesOutput(name: FleetName): Promise<{files: OutputFile[]; notes: string[]}> {
  const output = prometheusRulesGenerator.generate(await fleetNamed(name))
  return {files: output.files, notes: output.notes ?? []}
}
