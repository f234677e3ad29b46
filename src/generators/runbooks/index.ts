import type {Fleet} from '../../normalize/fleet-model.js'
import {RUNBOOK_INDEX, RUNBOOKS_DIR, runbooksPublished} from '../../runbooks/locations.js'
import {renderMarkdownTemplate} from '../../templates/render.js'
import {fleetRules} from '../prometheus-rules/index.js'
import type {Generator, OutputFile} from '../types.js'
import {type AlertSummary, renderAlertPages} from './alert-pages.js'
import {fleetContext} from './context.js'
import {PROCEDURES, PROCEDURES_DIR} from './procedures.js'

const SEVERITY_ORDER = ['critical', 'warning', 'info']

function renderProcedures(fleet: Fleet): OutputFile[] {
  const context = fleetContext(fleet)
  return PROCEDURES.map((procedure) => ({
    content: renderMarkdownTemplate(`runbooks/procedures/${procedure.slug}.md`, context),
    path: `${PROCEDURES_DIR}/${procedure.slug}.md`,
  }))
}

/** The index: alerts grouped by severity, then area, then procedures. */
function renderIndex(fleet: Fleet, alerts: AlertSummary[]): OutputFile {
  const severities = [...new Set(alerts.map((a) => a.severity))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  const context = {
    ...fleetContext(fleet),
    procedures: PROCEDURES.map((p) => ({file: `procedures/${p.slug}.md`, summary: p.summary, title: p.title})),
    severities: severities.map((severity) => {
      const ofSeverity = alerts.filter((a) => a.severity === severity)
      return {
        areas: [...new Set(ofSeverity.map((a) => a.area))].sort().map((area) => ({
          alerts: ofSeverity.filter((a) => a.area === area),
          title: capitalize(area),
        })),
        title: capitalize(severity),
      }
    }),
  }
  return {content: renderMarkdownTemplate('runbooks/index.md', context), path: `${RUNBOOKS_DIR}/${RUNBOOK_INDEX}`}
}

const rank = (severity: string) => (SEVERITY_ORDER.includes(severity) ? SEVERITY_ORDER.indexOf(severity) : SEVERITY_ORDER.length)
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export const runbooksGenerator: Generator = {
  generate(fleet) {
    const alerts = renderAlertPages(fleet, fleetRules(fleet).alerts)
    return {
      files: [
        renderIndex(fleet, alerts.summaries),
        ...alerts.files,
        ...renderProcedures(fleet),
        {content: renderMarkdownTemplate('runbooks/markdownlint.jsonc', {}), path: `${RUNBOOKS_DIR}/.markdownlint.jsonc`},
      ],
      notes: [
        ...(runbooksPublished(fleet)
          ? []
          : [
              `runbooks.baseUrl is not set, so every alert's runbook_url is the relative path \`${fleet.runbooks.baseUrl}/<Alert>.md\`, which Slack, email and Grafana cannot open. Publish \`${RUNBOOKS_DIR}/\` where people can read it (a static web server such as \`python3 -m http.server\` behind your proxy, a Git forge that renders Markdown, or your wiki), then set \`runbooks.baseUrl\` to that URL and regenerate.`,
            ]),
        `Runbook pages link to dashboards under ${fleet.grafana.url} (set grafana.url in the fleet to change it); lint them with markdownlint-cli2 and the generated .markdownlint.jsonc.`,
      ],
    }
  },
  id: 'runbooks',
  title: 'Runbooks for every alert and procedure',
}
