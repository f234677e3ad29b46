import {checkPromql} from '../promql/check-expression.js'
import {replaceGrafanaVariables} from '../promql/grafana-variables.js'
import type {UnitContext} from '../unit.js'
import {get, items, pairOf, str} from '../yaml-nodes.js'
import {checkAlertConventions} from './prometheus-rules.js'

/** Grafana-provisioned alert rules (provisioning/alerting/*.yaml): PromQL queries and the same alert conventions. */
export function checkGrafanaAlerts(ctx: UnitContext): void {
  for (const group of items(get(ctx.unit.root, 'groups'))) {
    const titles = new Set<string>()
    for (const rule of items(get(group, 'rules'))) {
      const titleNode = get(rule, 'title')
      const title = str(titleNode) ?? str(get(rule, 'uid')) ?? '?'
      if (titles.has(title)) ctx.report('rule/duplicate-rule', titleNode ?? rule, `alert rule "${title}" is defined twice in this group`)
      titles.add(title)
      const refIds = new Set<string>()
      for (const query of items(get(rule, 'data'))) {
        const refId = str(get(query, 'refId'))
        if (refId) refIds.add(refId)
        const model = get(query, 'model')
        const type = str(get(get(model, 'datasource'), 'type'))
        if (str(get(query, 'datasourceUid')) === '__expr__' || (type && type !== 'prometheus')) continue
        const text = ctx.text(get(model, 'expr'))
        if (!text) continue
        const replaced = replaceGrafanaVariables(text)
        checkPromql({expr: replaced.expr, facts: ctx.facts, original: replaced.original, report: ctx.reporter, variables: replaced.variables})
      }
      const condition = str(get(rule, 'condition'))
      if (condition && !refIds.has(condition)) ctx.report('rule/structure', get(rule, 'condition'), `condition ${condition} names no query of this rule (refIds: ${[...refIds].join(', ')})`)
      checkAlertConventions(ctx, titleNode ?? rule, title, pairOf(rule, 'for') !== undefined, get(rule, 'labels'), get(rule, 'annotations'))
    }
  }
}
