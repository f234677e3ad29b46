import type {Diagnostic} from '../diagnostics/diagnostic.js'
import type {Fleet} from '../normalize/fleet-model.js'
import {loadFleet} from '../pipeline.js'
import {checkInfo, CHECKS} from './checks.js'
import {loadLintConfig} from './config.js'
import {discoverFiles} from './discover.js'
import {severityRank, type Severity} from './finding.js'
import {applyFixes, restoreFile} from './fix.js'
import {formatGithub} from './format/github.js'
import {formatJson} from './format/json.js'
import {formatSarif} from './format/sarif.js'
import {formatText} from './format/text.js'
import {lintFiles} from './run.js'

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const
export type Format = (typeof FORMATS)[number]
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const

export interface LintRequest {
  paths: readonly string[]
  format: Format
  failOn: Severity | 'never'
  fix: boolean
  fleetFile?: string
  configFile?: string
  colour: boolean
  version: string
  cwd: string
}

/** Exit 0 clean, 1 findings at or above --fail-on, 2 unusable input (no such path, a broken config or fleet). */
export type LintOutcome = {kind: 'unusable'; diagnostics: Diagnostic[]} | {kind: 'linted'; exitCode: 0 | 1; output: string; fixed: string[]}

export async function runLint(request: LintRequest): Promise<LintOutcome> {
  const config = await loadLintConfig(request.configFile)
  if (!config.ok) return {diagnostics: config.diagnostics, kind: 'unusable'}
  let fleet: {file: string; model: Fleet} | undefined
  if (request.fleetFile) {
    const loaded = await loadFleet(request.fleetFile)
    if (!loaded.ok) return {diagnostics: loaded.diagnostics, kind: 'unusable'}
    fleet = {file: request.fleetFile, model: loaded.fleet}
  }
  const discovered = await discoverFiles(request.paths.length > 0 ? request.paths : ['.'], config.config.ignore)
  if (!discovered.ok) {
    return {diagnostics: discovered.missing.map((path) => ({col: 1, file: path, line: 1, message: 'no such file or folder (or no file matches the glob)', path: ''})), kind: 'unusable'}
  }
  const files = discovered.files.filter((f) => f !== config.file)
  let result = await lintFiles({config: config.config, files, fleet})
  const fixed = new Set<string>()
  // A fix can uncover the next one (a quoted label value lets the expression parse, and then its
  // metric name is checked), so fixing repeats while it changes something, a few rounds at most.
  for (let round = 0; request.fix && round < 3; round++) {
    const changed = await applyFixes(result.files, result.findings)
    if (changed.length === 0) break
    const before = new Set(result.findings.filter((f) => f.check === 'lint/parse-error').map((f) => f.file))
    result = await lintFiles({config: config.config, files, fleet})
    // A fix must never leave a file that no longer parses: undo it and keep the original findings.
    const broken = changed.filter((c) => !before.has(c.path) && result.findings.some((f) => f.file === c.path && f.check === 'lint/parse-error'))
    for (const file of broken) await restoreFile(file.path, file.original)
    if (broken.length > 0) result = await lintFiles({config: config.config, files, fleet})
    for (const c of changed) if (!broken.includes(c)) fixed.add(c.path)
    if (broken.length > 0) break
  }
  const {findings} = result
  const failing = request.failOn !== 'never' && findings.some((f) => severityRank(f.severity) >= severityRank(request.failOn as Severity))
  const output =
    request.format === 'json'
      ? formatJson(findings)
      : request.format === 'sarif'
        ? formatSarif(findings, {cwd: request.cwd, version: request.version})
        : request.format === 'github'
          ? formatGithub(findings)
          : formatText(findings, {colour: request.colour, fileCount: files.length})
  return {exitCode: failing ? 1 : 0, fixed: [...fixed].sort(), kind: 'linted', output}
}

/** `--explain ID`: the check's paragraph; without a known id, the list of ids. */
export function explainCheck(id: string): {ok: boolean; text: string} {
  const info = checkInfo(id)
  if (!info) return {ok: false, text: `unknown check "${id}". Checks:\n${CHECKS.map((c) => `  ${c.id.padEnd(42)} ${c.severity.padEnd(8)} ${c.title}`).join('\n')}\n`}
  return {ok: true, text: `${info.id} (${info.severity}): ${info.title}\n\n${info.explanation}\n\nDisable it in .inferwatch-lint.yaml (disable: [${info.id}]) or for one line with\n# inferwatch-disable-next-line ${info.id}\n`}
}

