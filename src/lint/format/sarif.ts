import {relative, sep} from 'node:path'

import {CHECKS} from '../checks.js'
import type {Finding, Severity} from '../finding.js'

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {error: 'error', info: 'note', warning: 'warning'}

/** SARIF 2.1.0 for code-scanning uploads: one run, every check as a rule, paths relative to the working folder. */
export function formatSarif(findings: readonly Finding[], options: {version: string; cwd: string}): string {
  const index = new Map<string, number>(CHECKS.map((check, i) => [check.id, i]))
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          level: LEVELS[f.severity],
          locations: [
            {
              physicalLocation: {
                artifactLocation: {uri: toUri(f.file, options.cwd), uriBaseId: '%SRCROOT%'},
                region: {startColumn: f.col, startLine: f.line},
              },
            },
          ],
          message: {text: f.message},
          ruleId: f.check,
          ruleIndex: index.get(f.check)!,
        })),
        tool: {
          driver: {
            name: 'inferwatch',
            rules: CHECKS.map((check) => ({
              defaultConfiguration: {level: LEVELS[check.severity]},
              fullDescription: {text: check.explanation},
              id: check.id,
              shortDescription: {text: check.title},
            })),
            version: options.version,
          },
        },
      },
    ],
    version: '2.1.0',
  }
  return JSON.stringify(log, null, 2) + '\n'
}

function toUri(file: string, cwd: string): string {
  return relative(cwd, file).split(sep).map(encodeURIComponent).join('/')
}
