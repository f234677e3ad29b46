import type {Fleet} from '../normalize/fleet-model.js'

/**
 * Where runbooks live, in the output folder and as published. The rules' runbook_url, the dashboards'
 * links and the runbook generator all ask here, so a link can never point where no page is written.
 */
export const RUNBOOKS_DIR = 'runbooks'
export const RUNBOOK_INDEX = 'README.md'

export const alertRunbookFile = (alertName: string): string => `${alertName}.md`

export function runbookUrl(fleet: Fleet, alertName: string): string {
  return `${fleet.runbooks.baseUrl}/${alertRunbookFile(alertName)}`
}

/** Without runbooks.baseUrl the links are relative paths, which no notification or Grafana link can open. */
export const runbooksPublished = (fleet: Fleet): boolean => /^https?:\/\//.test(fleet.runbooks.baseUrl)

export function runbookIndexUrl(fleet: Fleet): string {
  return `${fleet.runbooks.baseUrl}/${RUNBOOK_INDEX}`
}
