/**
 * Fleets the examples do not cover: sharding, agent mode, every remote-write kind, https + mTLS
 * on exporters and servers, a runtime whose servers mix http and https, a multi-model server.
 */
export const SCALE_FLEET = `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: scale, environment: staging}
nodes:
  - name: gpu-a
    address: gpu-a.example.com
    hardware: nvidia-gpu
    labels: {site: dc1, tenant: team-a, role: inference}
    exporters:
      node-exporter: {scheme: https}
    modelServers:
      - name: vllm-a
        runtime: vllm
        port: 8000
        scheme: https
        models: [{name: m1, version: "1", stage: stable}]
      - name: vllm-b
        runtime: vllm
        port: 8001
        models: [{name: m1, version: "2", stage: canary}]
      - name: triton-a
        runtime: triton
        port: 8010
        metricsPort: 8012
        models: [{name: resnet}, {name: bert}]
  - name: pi-a
    address: 10.0.0.5
    hardware: raspberry-pi-5
    modelServers:
      - name: ollama-a
        runtime: ollama
        models: [{name: llama3.2}]
  - name: box-b
    address: 10.0.0.6
    hardware: generic-linux
    exporters:
      node-exporter: {metricsPath: /node-metrics}
    modelServers:
      - name: custom-b
        runtime: custom
        port: 9000
        healthPath: /ready
        metricsPath: /stats
        models: [{name: classifier}]
tls:
  caFile: /etc/inferwatch/tls/ca.pem
  certFile: /etc/inferwatch/tls/client.pem
  keyFile: /etc/inferwatch/tls/client-key.pem
  serverName: inference.example.com
prometheus:
  shards: 3
  mode: agent
  blackboxAddress: blackbox.example.com:9115
  alertmanagers: [am-1.example.com:9093, am-2.example.com:9093]
  externalLabels: {region: eu}
  remoteWrite:
    - name: mimir
      url: https://mimir.example.com/api/v1/push
      kind: mimir
      tenant: team-a
      basicAuth: {username: prom, passwordFile: /etc/prometheus/secrets/mimir}
    - name: thanos
      url: https://thanos.example.com/api/v1/receive
      kind: thanos
      tenant: team-a
      bearerTokenFile: /etc/prometheus/secrets/thanos-token
      tls: {caFile: /etc/prometheus/tls/thanos-ca.pem, certFile: /etc/prometheus/tls/thanos.pem, keyFile: /etc/prometheus/tls/thanos-key.pem}
    - name: victoria
      url: https://vm.example.com/insert/1/prometheus/api/v1/write
      kind: victoriametrics
      tenant: "1"
logging:
  sink: {type: loki, host: loki.example.com}
drift:
  - name: vllm-a-length
    server: vllm-a
`

/** The smallest fleet: one Pi, nothing optional. */
export const MINIMAL_FLEET = `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: minimal}
nodes:
  - name: pi-1
    address: 10.0.0.1
    hardware: raspberry-pi-5
`

/** An interval below the default 10s timeout: Prometheus rejects timeout > interval. */
export const FAST_SCRAPE_FLEET = `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: fast}
defaults: {scrapeInterval: 5s}
nodes:
  - name: gpu-1
    address: 10.0.0.1
    hardware: nvidia-gpu
    modelServers:
      - {name: vllm-1, runtime: vllm, models: [{name: m}]}
`
