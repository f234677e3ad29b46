import {alertmanagerGenerator} from './alertmanager/index.js'
import {composeStage} from './deploy-compose/index.js'
import {kubernetesStage} from './deploy-kubernetes/index.js'
import {systemdBundleStage} from './deploy-systemd/index.js'
import {driftGenerator} from './drift/index.js'
import {fluentBitGenerator} from './fluent-bit/index.js'
import {grafanaGenerator} from './grafana/index.js'
import {nodeAgentsGenerator} from './node-agents/index.js'
import {prometheusRulesGenerator} from './prometheus-rules/index.js'
import {prometheusScrapeGenerator} from './prometheus-scrape/index.js'
import {runbooksGenerator} from './runbooks/index.js'
import type {BundleStage, Generator} from './types.js'

/**
 * Every generator `inferwatch generate` runs, in output order. Later features add themselves here
 * and nowhere else.
 */
export const GENERATORS: readonly Generator[] = [
  prometheusScrapeGenerator,
  prometheusRulesGenerator,
  alertmanagerGenerator,
  grafanaGenerator,
  runbooksGenerator,
  nodeAgentsGenerator,
  driftGenerator,
  fluentBitGenerator,
]

/** Stages that run after every generator, over all their files (deploy bundles). */
export const BUNDLE_STAGES: readonly BundleStage[] = [composeStage, kubernetesStage, systemdBundleStage]
