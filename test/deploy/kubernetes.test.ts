import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse, parseAllDocuments, stringify} from 'yaml'

import {runGenerators} from '../../src/generators/run-generators.js'
import type {OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {promtool} from '../prometheus-rules/promtool.js'
import {loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'

interface K8sObject {
  apiVersion: string
  kind: string
  metadata: {name: string; labels?: Record<string, string>; annotations?: Record<string, string>; namespace?: string}
  spec?: Record<string, unknown>
  data?: Record<string, string>
}

const kubernetesFiles = async (example: 'gpu-server' | 'mixed' | 'pi-cluster') => {
  const fleet = await loadExample(example)
  return {fleet, files: runGenerators({...fleet, deploy: {targets: ['kubernetes']}} satisfies Fleet)}
}

/** Every object under kubernetes/, parsed the way kubectl reads manifests: each file one YAML document. */
function objectsOf(files: readonly OutputFile[]): {path: string; object: K8sObject}[] {
  return files
    .filter((f) => f.path.startsWith('kubernetes/') && f.path !== 'kubernetes/kustomization.yaml')
    .map((f) => {
      const docs = parseAllDocuments(f.content)
      expect(docs, f.path).toHaveLength(1)
      expect(docs[0]!.errors, f.path).toEqual([])
      return {object: docs[0]!.toJS() as K8sObject, path: f.path}
    })
}

const RFC1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

describe('Prometheus Operator objects (--target kubernetes)', () => {
  it('are Kubernetes objects of the Prometheus Operator’s kinds and API versions, with valid names', async () => {
    const {files} = await kubernetesFiles('mixed')
    const objects = objectsOf(files)
    const kinds = new Map<string, string>()
    for (const {object, path} of objects) {
      kinds.set(object.kind, object.apiVersion)
      expect(object.metadata.name, path).toMatch(RFC1123)
      expect(object.metadata.name.length, path).toBeLessThanOrEqual(63)
      expect(object.metadata.labels?.['app.kubernetes.io/managed-by'], path).toBe('inferwatch')
    }
    expect(Object.fromEntries(kinds)).toEqual({
      AlertmanagerConfig: 'monitoring.coreos.com/v1alpha1',
      ConfigMap: 'v1',
      PrometheusRule: 'monitoring.coreos.com/v1',
      ScrapeConfig: 'monitoring.coreos.com/v1alpha1',
    })
    const names = objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`)
    expect(new Set(names).size).toBe(names.length)
  })

  it('list every object in kustomization.yaml', async () => {
    const {files} = await kubernetesFiles('mixed')
    const kustomization = parse(fileByPath(files, 'kubernetes/kustomization.yaml').content) as {apiVersion: string; kind: string; resources: string[]; namespace: string}
    expect(kustomization).toMatchObject({apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'monitoring'})
    expect(kustomization.resources).toEqual(objectsOf(files).map((o) => o.path.replace('kubernetes/', '')).sort())
  })

  it('include the drift CronJobs of jobs scheduled on Kubernetes, each object its own file, listed in kustomization.yaml', async () => {
    const fleet = await loadExample('mixed')
    const onKubernetes: Fleet = {...fleet, deploy: {targets: ['kubernetes']}, drift: fleet.drift.map((d) => ({...d, scheduler: 'kubernetes' as const}))}
    const files = runGenerators(onKubernetes)
    const drift = objectsOf(files).filter((o) => o.path.startsWith('kubernetes/drift/'))
    expect(drift.map((o) => `${o.path} ${o.object.apiVersion} ${o.object.kind}`)).toEqual([
      'kubernetes/drift/inferwatch-drift-canary-output-length-configmap.yaml v1 ConfigMap',
      'kubernetes/drift/inferwatch-drift-canary-output-length-cronjob.yaml batch/v1 CronJob',
    ])
    const original = parseAllDocuments(fileByPath(files, 'drift/kubernetes/inferwatch-drift-canary-output-length.yaml').content).map((d) => d.toJS() as K8sObject)
    expect(drift[1]!.object.spec).toEqual(original[1]!.spec)
    expect(drift[0]!.object.data).toEqual(original[0]!.data)
    const kustomization = parse(fileByPath(files, 'kubernetes/kustomization.yaml').content) as {resources: string[]}
    expect(kustomization.resources).toEqual(expect.arrayContaining(drift.map((o) => o.path.replace('kubernetes/', ''))))
  })

  it('carry the same rules as PrometheusRules, whose specs pass promtool check rules once extracted', async () => {
    const {files} = await kubernetesFiles('gpu-server')
    const rules = objectsOf(files).filter((o) => o.object.kind === 'PrometheusRule')
    const ruleFiles = files.filter((f) => f.path.startsWith('prometheus/rules/'))
    expect(rules).toHaveLength(ruleFiles.length)
    const dir = await tempDir('inferwatch-k8s-rules-')
    for (const {object, path} of rules) {
      const original = ruleFiles.find((f) => f.path.endsWith(`/${path.split('/').pop()!.replace('.yaml', '.yml')}`))!
      expect(object.spec, path).toEqual(parse(original.content))
      await writeFile(join(dir, path.split('/').pop()!), stringify(object.spec))
    }
    const check = await promtool(['check', 'rules', ...rules.map((r) => r.path.split('/').pop()!)], dir)
    expect(check.ok, check.output).toBe(true)
  })

  it('scrape the same targets with the same labels as ScrapeConfigs, secrets from the fleet’s Secret', async () => {
    const {files} = await kubernetesFiles('gpu-server')
    const scrape = objectsOf(files).filter((o) => o.object.kind === 'ScrapeConfig').map((o) => o.object)
    const jobs = scrape.map((s) => s.spec!.jobName).sort()
    expect(jobs).toEqual(['cadvisor', 'dcgm', 'fluent-bit', 'model-vllm', 'node', 'probe-health', 'probe-tls', 'pushgateway'])
    const vllm = scrape.find((s) => s.spec!.jobName === 'model-vllm')!.spec!
    expect(vllm.scheme).toBe('HTTPS')
    const targets = JSON.parse(fileByPath(files, 'prometheus/targets/model-vllm.json').content) as {targets: string[]; labels: object}[]
    expect(vllm.staticConfigs).toEqual(targets.map((t) => ({labels: t.labels, targets: t.targets})))
    expect(vllm.tlsConfig).toEqual({
      ca: {secret: {key: 'etc-prometheus-tls-ca.pem', name: 'inferwatch-gpu-server-secrets'}},
      cert: {secret: {key: 'etc-prometheus-tls-client.pem', name: 'inferwatch-gpu-server-secrets'}},
      keySecret: {key: 'etc-prometheus-tls-client-key.pem', name: 'inferwatch-gpu-server-secrets'},
      serverName: 'gpu-01.lan.example.com',
    })
    const probe = scrape.find((s) => s.spec!.jobName === 'probe-health')!.spec!
    expect(probe).toMatchObject({metricsPath: '/probe', params: {module: ['http_2xx']}})
    expect(probe.relabelings).toContainEqual({sourceLabels: ['__address__'], targetLabel: '__param_target'})
    for (const s of scrape) expect(['HTTP', 'HTTPS']).toContain(s.spec!.scheme)
    expect(fileByPath(files, 'README.md').content).toContain('kubectl -n monitoring create secret generic inferwatch-gpu-server-secrets --from-file=etc-alertmanager-secrets-slack-url=/etc/alertmanager/secrets/slack-url')
  })

  it('route and inhibit as the generated alertmanager.yml, with receivers’ secrets and webhooks from the Secret', async () => {
    const {files} = await kubernetesFiles('mixed')
    const config = objectsOf(files).find((o) => o.object.kind === 'AlertmanagerConfig')!.object.spec as {
      route: {receiver: string; routes: {receiver: string; matchers: {name: string; value: string; matchType: string}[]}[]}
      receivers: {name: string; slackConfigs?: {apiURL: {name: string; key: string}}[]}[]
      inhibitRules: {sourceMatch: object[]; targetMatch: object[]; equal: string[]}[]
    }
    const yaml = parse(fileByPath(files, 'alertmanager/alertmanager.yml').content) as {route: {receiver: string}; receivers: {name: string}[]; inhibit_rules: unknown[]}
    expect(config.route.receiver).toBe(yaml.route.receiver)
    expect(config.route.routes).toContainEqual(expect.objectContaining({matchers: [{matchType: '=', name: 'tenant', value: 'agency'}], receiver: 'agency-slack'}))
    expect(config.receivers.map((r) => r.name)).toEqual(yaml.receivers.map((r) => r.name))
    expect(config.receivers.find((r) => r.name === 'agency-slack')!.slackConfigs![0]!.apiURL).toEqual({key: 'etc-alertmanager-secrets-slack-url', name: 'inferwatch-mixed-secrets'})
    expect(config.inhibitRules).toHaveLength(yaml.inhibit_rules.length)
    expect(config.inhibitRules).toContainEqual({equal: ['node'], sourceMatch: [{matchType: '=', name: 'alertname', value: 'NodeDown'}], targetMatch: [{matchType: '!=', name: 'alertname', value: 'NodeDown'}]})
  })

  it('ship each dashboard as a ConfigMap with the Grafana sidecar label, holding the dashboard JSON unchanged', async () => {
    const {files} = await kubernetesFiles('mixed')
    const maps = objectsOf(files).filter((o) => o.object.kind === 'ConfigMap').map((o) => o.object)
    const dashboards = files.filter((f) => f.path.startsWith('grafana/dashboards/'))
    expect(maps).toHaveLength(dashboards.length)
    for (const dashboard of dashboards) {
      const uid = dashboard.path.split('/').pop()!.replace('.json', '')
      const map = maps.find((m) => m.data?.[`${uid}.json`] !== undefined)!
      expect(map.metadata.labels).toMatchObject({grafana_dashboard: '1'})
      expect(JSON.parse(map.data![`${uid}.json`]!)).toEqual(JSON.parse(dashboard.content))
    }
  })

  it('is not written unless chosen', async () => {
    const fleet = await loadExample('mixed')
    expect(runGenerators(fleet).some((f) => f.path.startsWith('kubernetes/'))).toBe(false)
  })
})
