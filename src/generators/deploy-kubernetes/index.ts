import {posix} from 'node:path'

import {parse, parseAllDocuments} from 'yaml'

import type {Fleet} from '../../normalize/fleet-model.js'
import {ALERTMANAGER_CONFIG_PATH} from '../alertmanager/index.js'
import {fileSettingsIn, secretName} from '../deploy-compose/index.js'
import {DRIFT_DIR} from '../drift/index.js'
import {DASHBOARDS_DIR} from '../grafana/output-paths.js'
import {PROMETHEUS_CONFIG, RULES_DIR} from '../prometheus-scrape/output-paths.js'
import {generatedHeader, renderYaml} from '../prometheus-scrape/yaml-document.js'
import type {BundleStage, OutputFile} from '../types.js'
import {alertmanagerConfig} from './alertmanager-config.js'
import {DASHBOARD_LABEL, MONITORING_V1, objectName, secretsObjectName, type KubernetesObject} from './objects.js'
import {scrapeConfigs} from './scrape-configs.js'

export const KUBERNETES_DIR = 'kubernetes'
/**
 * Prometheus Operator objects for k3s and other Kubernetes fleets (`--target kubernetes`): the same
 * rules as PrometheusRules, the same scrape jobs as ScrapeConfigs, the same routing as an
 * AlertmanagerConfig, the dashboards as ConfigMaps for Grafana's sidecar, the drift CronJobs, and a
 * kustomization.yaml listing them. Translated from the generated files, so they cannot drift from them.
 */
export const kubernetesStage: BundleStage = {
  bundle(fleet, files) {
    if (!fleet.deploy.targets.includes('kubernetes')) return {files: [], notes: ['Prometheus Operator objects are written with `--target kubernetes`.']}
    const labels = {'app.kubernetes.io/managed-by': 'inferwatch', 'app.kubernetes.io/part-of': objectName('inferwatch', fleet.name)}
    const objects: {path: string; object: KubernetesObject}[] = [
      ...prometheusRules(fleet, files),
      ...scrapeConfigs(fleet, files).map((object) => ({object, path: `scrape-configs/${object.metadata.name}.yaml`})),
      ...alertmanagerConfig(fleet, files).map((object) => ({object, path: 'alertmanager-config.yaml'})),
      ...dashboards(fleet, files),
      ...driftJobs(files),
    ]
    const header = [generatedHeader(fleet.sourceFile)]
    const out: OutputFile[] = objects.map(({object, path}) => ({
      content: renderYaml({...object, metadata: {...object.metadata, labels: {...labels, ...object.metadata.labels}}}, header),
      path: `${KUBERNETES_DIR}/${path}`,
    }))
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: 'monitoring',
      // kube-prometheus-stack's Prometheus and Alertmanager select objects by their release label:
      // set it to your Helm release name (its default ruleSelector and friends match `release`).
      labels: [{includeSelectors: false, pairs: {release: 'kube-prometheus-stack'}}],
      resources: objects.map((o) => o.path).sort(),
    }
    out.push({content: renderYaml(kustomization, [...header, 'kubectl apply -k kubernetes/ (after creating the Secret named in the README notes).']), path: `${KUBERNETES_DIR}/kustomization.yaml`})
    return {files: out, notes: kubernetesNotes(fleet, files)}
  },
  id: 'deploy-kubernetes',
  title: 'Prometheus Operator objects (--target kubernetes)',
}

function prometheusRules(fleet: Fleet, files: readonly OutputFile[]) {
  return files
    .filter((f) => f.path.startsWith(`${RULES_DIR}/`) && f.path.endsWith('.yml'))
    .map((file) => {
      const name = objectName('inferwatch', fleet.name, posix.basename(file.path, '.yml'))
      const object: KubernetesObject = {apiVersion: MONITORING_V1, kind: 'PrometheusRule', metadata: {name}, spec: parse(file.content)}
      return {object, path: `prometheus-rules/${posix.basename(file.path, '.yml')}.yaml`}
    })
}

/** The drift generator's ConfigMap and CronJob per job (drift[].scheduler kubernetes), one object per file: kustomize reads only files below its root. */
function driftJobs(files: readonly OutputFile[]) {
  return files
    .filter((f) => f.path.startsWith(`${DRIFT_DIR}/kubernetes/`) && f.path.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(file.content).map((doc) => {
        const object = doc.toJS() as KubernetesObject
        return {object, path: `drift/${object.metadata.name}-${object.kind.toLowerCase()}.yaml`}
      }),
    )
}

function dashboards(fleet: Fleet, files: readonly OutputFile[]) {
  return files
    .filter((f) => f.path.startsWith(`${DASHBOARDS_DIR}/`) && f.path.endsWith('.json'))
    .map((file) => {
      const uid = posix.basename(file.path, '.json')
      const object: KubernetesObject = {
        apiVersion: 'v1',
        data: {[`${uid}.json`]: file.content},
        kind: 'ConfigMap',
        metadata: {annotations: {grafana_folder: `inferwatch/${fleet.name}`}, labels: {...DASHBOARD_LABEL}, name: objectName(uid)},
      }
      return {object, path: `dashboards/${uid}.yaml`}
    })
}

function kubernetesNotes(fleet: Fleet, files: readonly OutputFile[]): string[] {
  const secretPaths = [PROMETHEUS_CONFIG, ALERTMANAGER_CONFIG_PATH].flatMap((path) => fileSettingsIn(files, path))
  const notes = [
    `\`${KUBERNETES_DIR}/\` holds Prometheus Operator objects: \`kubectl apply -k ${KUBERNETES_DIR}/\` into the namespace of kube-prometheus-stack (\`monitoring\` in kustomization.yaml), and set the \`release\` label there to your Helm release.`,
    'AlertmanagerConfig routes only alerts whose `namespace` label is the object’s namespace unless the Alertmanager resource sets `alertmanagerConfigMatcherStrategy: {type: None}`; the fleet’s alerts carry no namespace label, so set it.',
    `Scrape targets keep the fleet’s addresses, and probes go to blackbox_exporter at ${fleet.prometheus.blackboxAddress} (prometheus.blackboxAddress): set it to the exporter’s Service address in the cluster.`,
  ]
  if (secretPaths.length > 0) {
    const fromFiles = [...new Set(secretPaths)].sort().map((p) => `--from-file=${secretName(p)}=${p}`).join(' ')
    notes.push(`Create the Secret the objects read their certificates and credentials from: \`kubectl -n monitoring create secret generic ${secretsObjectName(fleet)} ${fromFiles}\`.`)
  }
  return notes
}
