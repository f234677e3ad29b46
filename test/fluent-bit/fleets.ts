import {fluentBitGenerator} from '../../src/generators/fluent-bit/index.js'
import type {OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {prepareFiles} from '../../src/writer/content.js'
import {fleetFromYaml} from '../helpers/fleet.js'

export const generate = (fleet: Fleet): OutputFile[] => prepareFiles(fluentBitGenerator.generate(fleet).files)

type Sink = 'loki' | 'elasticsearch' | 'opensearch' | 'forward'

/**
 * A fleet that uses every logging feature: all sources, a Pi with two llama.cpp servers (template
 * units), an Ollama Mac (no journal, a log-file glob), a GPU box with vLLM, a node without servers,
 * TLS and a password file, tenant, retention classes by source and by server, own redactions,
 * hashed prompts and noise patterns.
 */
export function everyFeatureYaml(sink: Sink, format: 'yaml' | 'classic'): string {
  return `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: every-feature}
nodes:
  - name: pi-a
    address: 10.0.0.11
    hardware: raspberry-pi-5
    accelerators: [hailo-8l]
    labels: {site: office, tenant: agency, role: inference}
    modelServers:
      - {name: llama-a, runtime: llama-cpp, models: [{name: qwen, version: q4, stage: stable}]}
      - {name: llama-b, runtime: llama-cpp, port: 8081, models: [{name: qwen, version: q5, stage: canary}, {name: phi}]}
  - name: mac-a
    address: 10.0.0.21
    hardware: apple-silicon
    labels: {site: studio}
    modelServers:
      - {name: ollama-a, runtime: ollama, models: [{name: llama3.2}]}
  - name: gpu-a
    address: 10.0.0.31
    hardware: nvidia-gpu
    exporters: {cadvisor: {}}
    modelServers:
      - {name: vllm-a, runtime: vllm, models: [{name: mistral}]}
      - {name: ollama-b, runtime: ollama, models: [{name: gemma}]}
  - name: edge-a
    address: 10.0.0.41
    hardware: generic-linux
logging:
  sink: {type: ${sink}, host: logs.example.com, port: 9443, tls: true, tenantId: agency, index: fleet-logs, user: shipper, passwordFile: /etc/fluent-bit/secrets/sink-password}
  sources: [journald, containers, model-servers]
  format: ${format}
  retention: {default: 14d, audit: 90d, llm: 30d}
  retentionMatch: {audit: {sources: [journald]}, llm: {servers: [llama-a, ollama-a]}}
  prompts: hash
  promptFields: [prompt, messages, response]
  redact: ['WC%-%d%d%d%d+', 'patient%s+%d+']
  drop: ['all slots are idle', '^GET /health']
  logFiles: {ollama-b: /var/log/ollama/*.log}
`
}

export const SINKS: readonly Sink[] = ['loki', 'elasticsearch', 'opensearch', 'forward']

export const everyFeatureFleet = (sink: Sink, format: 'yaml' | 'classic') => fleetFromYaml(everyFeatureYaml(sink, format))
