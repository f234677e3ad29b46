import type {LintFacts} from '../context.js'
import {checkPromql} from '../promql/check-expression.js'
import {durationMs} from '../promql/syntax-tree.js'
import {checkGoTemplate} from '../rules/go-template-syntax.js'
import {checkFleetRuntime, checkFleetSelector} from './fleet-cross-checks.js'
import type {LintUnit, UnitContext} from '../unit.js'
import {entries, get, items, str} from '../yaml-nodes.js'

const GROUP_FIELDS = new Set(['name', 'interval', 'rules', 'limit', 'query_offset', 'labels'])
const RULE_FIELDS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'])
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const RECORDING_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]+$/

/** Recorded series and alerts of a rule file, for checks of other files. */
export function collectRuleFacts(unit: LintUnit, facts: LintFacts): void {
  for (const group of items(get(unit.root, 'groups'))) {
    for (const rule of items(get(group, 'rules'))) {
      const record = str(get(rule, 'record'))
      if (record) facts.recordedNames.add(record)
      const alert = str(get(rule, 'alert'))
      if (alert) facts.alerts.push({labels: Object.fromEntries(entries(get(rule, 'labels')).map((e) => [e.key, str(e.value) ?? ''])), name: alert})
    }
  }
}

export function checkRuleFile(ctx: UnitContext): void {
  const {root} = ctx.unit
  for (const {key, keyNode} of entries(root)) {
    if (key !== 'groups') ctx.report('rule/structure', keyNode, `field ${key} not found in a rule file (only groups)`)
  }
  const groups = get(root, 'groups')
  if (!groups) {
    ctx.report('rule/structure', root, 'rule file without groups')
    return
  }
  const groupNames = new Map<string, unknown>()
  for (const group of items(groups)) {
    const name = str(get(group, 'name'))
    for (const {key, keyNode} of entries(group)) if (!GROUP_FIELDS.has(key)) ctx.report('rule/structure', keyNode, `field ${key} not found in a rule group`)
    if (!name) {
      ctx.report('rule/structure', group, 'rule group without a name')
    } else if (groupNames.has(name)) {
      ctx.report('rule/duplicate-group', get(group, 'name'), `group name "${name}" is repeated in the same file`)
    } else {
      groupNames.set(name, group)
    }
    const interval = get(group, 'interval')
    if (interval && durationMs(str(interval) ?? '') === undefined) ctx.report('rule/structure', interval, `not a valid duration string: ${JSON.stringify(str(interval))}`)
    const seen = new Map<string, unknown>()
    for (const rule of items(get(group, 'rules'))) checkRule(ctx, rule, seen)
  }
}

export function checkAlertConventions(ctx: UnitContext, anchor: unknown, alert: string, hasFor: boolean, labels: unknown, annotations: unknown): void {
  if (!hasFor) ctx.report('rule/alert-without-for', anchor, `alert ${alert} has no for: it fires on the first evaluation that matches`)
  if (!str(get(labels, 'severity'))) ctx.report('rule/missing-severity', anchor, `alert ${alert} has no severity label`)
  if (!str(get(annotations, 'summary'))) ctx.report('rule/missing-summary', anchor, `alert ${alert} has no summary annotation`)
  if (!str(get(annotations, 'runbook_url'))) ctx.report('rule/missing-runbook-url', anchor, `alert ${alert} has no runbook_url annotation`)
}

function checkRule(ctx: UnitContext, rule: unknown, seen: Map<string, unknown>): void {
  const fields = new Map(entries(rule).map((e) => [e.key, e]))
  const field = (key: string) => fields.get(key)?.value ?? undefined
  const alertNode = field('alert')
  const recordNode = field('record')
  const alert = str(alertNode)
  const record = str(recordNode)
  const anchor = alertNode ?? recordNode ?? rule
  for (const {key, keyNode} of fields.values()) if (!RULE_FIELDS.has(key)) ctx.report('rule/structure', keyNode, `field ${key} not found in a rule`)
  if (alert !== undefined && record !== undefined) ctx.report('rule/structure', anchor, 'only one of record and alert may be set')
  if (alert === undefined && record === undefined) ctx.report('rule/structure', rule, 'one of record or alert must be set')
  const exprNode = field('expr')
  const expr = ctx.text(exprNode)
  if (!expr) ctx.report('rule/structure', anchor, 'field expr must be set in a rule')
  else {
    checkPromql({
      expr,
      facts: ctx.facts,
      onSelector: (name, matchers) => {
        checkFleetRuntime(ctx, name, expr, ctx.reporter)
        checkFleetSelector(ctx, matchers, expr)
      },
      report: ctx.reporter,
    })
  }
  for (const name of ['for', 'keep_firing_for']) {
    const node = field(name)
    if (node && durationMs(str(node) ?? '') === undefined) ctx.report('rule/structure', node, `not a valid duration string: ${JSON.stringify(str(node))}`)
  }
  const labels = field('labels')
  const annotations = field('annotations')
  for (const {key, keyNode} of entries(labels)) if (!LABEL_NAME.test(key)) ctx.report('rule/structure', keyNode, `invalid label name: ${key}`)
  const labelKey = entries(labels)
    .map((e) => `${e.key}=${str(e.value) ?? ''}`)
    .sort()
    .join(',')
  const identity = `${alert ?? record}{${labelKey}}`
  if (seen.has(identity)) ctx.report('rule/duplicate-rule', anchor, `${alert ? 'alert' : 'recording rule'} ${alert ?? record} is defined twice with the same labels in this group`)
  seen.set(identity, rule)

  if (record !== undefined) {
    if (!METRIC_NAME.test(record)) ctx.report('rule/structure', recordNode, `invalid recording rule name: ${record}`)
    else if (!RECORDING_NAME.test(record)) ctx.report('rule/recording-name', recordNode, `recording rule ${record} is not named level:metric:operations (for example job:${record.replace(/:/g, '_')}:rate5m)`)
    if (annotations) ctx.report('rule/structure', fields.get('annotations')?.keyNode, "invalid field 'annotations' in recording rule")
    if (field('for')) ctx.report('rule/structure', fields.get('for')?.keyNode, "invalid field 'for' in recording rule")
    return
  }
  if (alert === undefined) return
  checkAlertConventions(ctx, alertNode, alert, field('for') !== undefined, labels, annotations)
  for (const {value} of entries(labels)) checkTemplate(ctx, value, 'label')
  for (const {value} of entries(annotations)) checkTemplate(ctx, value, 'annotation')
}

export function checkTemplate(ctx: UnitContext, node: unknown, what: string): void {
  const text = ctx.text(node)
  if (!text || !text.text.includes('{{')) return
  const error = checkGoTemplate(text.text)
  if (error) ctx.reportAt('rule/template-syntax', text.at(error.index), `${what} template: ${error.message}`)
}
