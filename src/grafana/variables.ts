import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'

import {EXPORTERS, SERVICE_JOBS} from '../catalog/index.js'
import type {Fleet} from '../normalize/fleet-model.js'
import {DATASOURCE_VARIABLE, datasourceIdentity, datasourceRef} from './datasources.js'
import {eq, type Matcher, re, scopeExpression} from './promql.js'
import {catalogMetric} from './series.js'

/**
 * Template variables. `$datasource` picks the data source (the fleet's provisioned one by default);
 * `$node`, `$server` and `$model` list the label values Prometheus has, so a new node shows up
 * without regenerating. "All" matches with `.*`, which also matches series without the label.
 */

export function datasourceVariable(fleet: Fleet, kind: 'prometheus' | 'loki'): dashboard.DatasourceVariableBuilder {
  const own = datasourceIdentity(fleet, kind)
  return new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label(kind === 'loki' ? 'Logs' : 'Data source')
    .type(kind)
    .current({text: own.name, value: own.uid})
}

/** A multi-value "All"-able query variable; `allValue` is what "All" matches in that datasource. */
function queryVariable(name: string, title: string, query: string, datasource: 'prometheus' | 'loki', allValue: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(title)
    .datasource(datasourceRef(datasource))
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(allValue)
    .current({text: 'All', value: '$__all'})
}

function labelValues(name: string, label: string, title: string, selector: string): dashboard.QueryVariableBuilder {
  return queryVariable(name, title, `label_values(${selector}, ${label})`, 'prometheus', '.*')
}

const upOf = (matchers: readonly Matcher[]) => scopeExpression(catalogMetric('up'), matchers)

/** Nodes as node_exporter reports them. */
export const nodeVariable = () => labelValues('node', 'node', 'Node', upOf([eq('job', EXPORTERS['node-exporter'].job)]))

/** Servers from the health probes: every server has one, even those without a metrics endpoint. */
export const serverVariable = () => labelValues('server', 'server', 'Server', upOf([eq('job', SERVICE_JOBS.healthProbe)]))

/** The `model` target label, which single-model servers carry (label contract). */
export const modelVariable = () =>
  labelValues('model', 'model', 'Model', upOf([eq('job', SERVICE_JOBS.healthProbe), re('server', '$server')]))

/** Matchers every query of a dashboard templated on these variables adds. */
export const NODE_MATCHERS: readonly Matcher[] = [re('node', '$node')]
export const SERVER_MATCHERS: readonly Matcher[] = [re('server', '$server'), re('model', '$model')]

/** A Loki label as a variable; "All" is `.+` because Loki refuses selectors that match empty. */
export function lokiLabelVariable(label: 'node' | 'server', title: string): dashboard.QueryVariableBuilder {
  return queryVariable(label, title, `label_values(${label})`, 'loki', '.+')
}
