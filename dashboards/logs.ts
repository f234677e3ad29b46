import {fleetDashboard} from '../src/grafana/fleet-dashboard.js'
import type {Section} from '../src/grafana/layout.js'
import {logs, timeSeries} from '../src/grafana/panels.js'
import {errorLines, ERROR_LINE_PATTERN, logLineCount, type LogScope} from '../src/grafana/logql.js'
import {UNITS} from '../src/grafana/units.js'
import {lokiLabelVariable} from '../src/grafana/variables.js'
import type {DashboardDefinition} from './definition.js'

function scopeSection(scope: LogScope, title: string): Section {
  return {
    columns: 2,
    panels: [
      timeSeries({
        description: `Log lines per interval per ${scope}, from Loki.`,
        language: 'loki',
        min: 0,
        queries: [logLineCount(scope, false)],
        stacked: true,
        title: `Log volume per ${scope}`,
        unit: UNITS.lines,
      }),
      timeSeries({
        description: `Log lines per interval per ${scope} that match ${ERROR_LINE_PATTERN}.`,
        language: 'loki',
        min: 0,
        queries: [logLineCount(scope, true)],
        stacked: true,
        title: `Error lines per ${scope}`,
        unit: UNITS.lines,
      }),
      logs({description: `The newest lines matching ${ERROR_LINE_PATTERN}, for the selected ${scope}s.`, queries: [errorLines(scope)], title: `Recent error lines per ${scope}`}),
    ],
    title,
  }
}

export const logsDashboard: DashboardDefinition = {
  build: (fleet) =>
    fleet.logging?.sink.type !== 'loki'
      ? null
      : fleetDashboard(fleet, {
          datasource: 'loki',
          description: `Logs of fleet ${fleet.name} in Loki: volume and error lines per node and per model server.`,
          kind: 'logs',
          sections: [
            scopeSection('node', 'Nodes'),
            ...(fleet.servers.length > 0 ? [scopeSection('server', 'Model servers')] : []),
          ],
          title: 'Logs',
          variables: [lokiLabelVariable('node', 'Node'), ...(fleet.servers.length > 0 ? [lokiLabelVariable('server', 'Server')] : [])],
        }),
  kind: 'logs',
}
