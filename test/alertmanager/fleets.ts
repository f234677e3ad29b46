/** Small fleets for the edge cases the bundled examples do not cover. */
const BASE = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: edge}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    labels: {site: office, tenant: agency}
    modelServers:
      - {name: llama, runtime: llama-cpp, models: [{name: qwen}]}
  - name: gpu-01
    address: 10.0.0.2
    hardware: nvidia-gpu
    labels: {site: datacenter, tenant: internal}
`

export const NO_ALERTING = BASE

/** The Alertmanager the tests' amtool and prometheus-alertmanager are (Debian bookworm). */
export const DEBIAN_ALERTMANAGER = '  alertmanagerVersion: "0.25"\n'

export const ONLY_WEBHOOK = `${BASE}alerting:
${DEBIAN_ALERTMANAGER}  receivers:
    - name: pager
      webhook: {urlFile: /etc/alertmanager/secrets/pager-url}
`

/** Routes on site and tenant, deliberately not in alphabetical order, one of them to a webhook-only receiver without continue. */
export const SITE_AND_TENANT_ROUTES = `${BASE}alerting:
${DEBIAN_ALERTMANAGER}  receivers:
    - name: ops-email
      email: {to: ops@example.com, from: am@example.com, smarthost: smtp.example.com:587, authUsername: am, authPasswordFile: /etc/alertmanager/secrets/smtp}
    - name: office-slack
      slack: {apiUrlFile: /etc/alertmanager/secrets/office-slack, channel: "#office"}
    - name: agency-slack
      slack: {apiUrlFile: /etc/alertmanager/secrets/agency-slack, channel: "#agency"}
    - name: dc-pager
      webhook: {urlFile: /etc/alertmanager/secrets/dc-pager}
  defaultReceiver: ops-email
  routes:
    - {site: office, severity: critical, receiver: office-slack, continue: true}
    - {tenant: agency, receiver: agency-slack}
    - {site: datacenter, receiver: dc-pager}
  groupWait: 45s
  groupInterval: 10m
  repeatInterval: 12h
`

/** No routes and a repeat interval shorter than the critical default: the split must never slow critical down. */
export const NO_ROUTES_FAST_REPEAT = `${BASE}alerting:
  receivers:
    - name: ops-email
      email: {to: ops@example.com, from: am@example.com, smarthost: smtp.example.com:25}
  repeatInterval: 30m
`
