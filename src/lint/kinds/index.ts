import type {LintFacts} from '../context.js'
import type {Kind, LintUnit, UnitContext} from '../unit.js'
import {checkAlertmanager} from './alertmanager.js'
import {checkDashboard} from './grafana-dashboard.js'
import {checkGrafanaAlerts} from './grafana-alerts.js'
import {checkFleetFile} from './fleet-file.js'
import {checkFluentBit} from './fluent-bit.js'
import {checkFileSd, collectFileSdFacts} from './file-sd.js'
import {checkPrometheusConfig, collectPrometheusConfigFacts} from './prometheus-config.js'
import {checkRuleFile, collectRuleFacts} from './prometheus-rules.js'

export interface KindChecker {
  /** Facts this kind contributes to the checks of other files. */
  collect?: (unit: LintUnit, facts: LintFacts) => void
  check?: (ctx: UnitContext) => void
}

/**
 * Recognised kinds without checks of their own (promtool tests, blackbox, provisioning and drift jobs
 * files, Loki settings, Elasticsearch/OpenSearch index policies, Compose files, other Kubernetes
 * objects, systemd units) still count as known.
 */
export const KIND_CHECKERS: Record<Kind, KindChecker> = {
  alertmanager: {check: checkAlertmanager},
  blackbox: {},
  'drift-jobs': {},
  'index-policy': {},
  compose: {},
  'kubernetes-object': {},
  'systemd-unit': {},
  loki: {},
  'file-sd': {check: checkFileSd, collect: collectFileSdFacts},
  fleet: {check: checkFleetFile},
  'fluent-bit': {check: checkFluentBit},
  'grafana-alerts': {check: checkGrafanaAlerts},
  'grafana-dashboard': {check: checkDashboard},
  'grafana-provisioning': {},
  'prometheus-config': {check: checkPrometheusConfig, collect: collectPrometheusConfigFacts},
  'prometheus-rules': {check: checkRuleFile, collect: collectRuleFacts},
  'promtool-tests': {},
}
