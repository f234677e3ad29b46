import {readFile} from 'node:fs/promises'

import type {Fleet} from '../normalize/fleet-model.js'
import {parseDuration} from '../schema/primitives.js'
import {checkInfo, type CheckId} from './checks.js'
import type {LintConfig} from './config.js'
import {emptyFacts, type LintFacts} from './context.js'
import {suppressedByComment} from './disable.js'
import {compareFindings, type Finding} from './finding.js'
import {KIND_CHECKERS} from './kinds/index.js'
import {nodesWithoutTargets} from './fleet-coverage.js'
import {loadUnits, type LoadedFile} from './load-units.js'
import {TextFile} from './text-file.js'
import {UnitContext} from './unit.js'

/** Prometheus' own default when nothing says otherwise. */
const PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_MS = 60_000

export interface LintOptions {
  files: readonly string[]
  config: LintConfig
  fleet?: {file: string; model: Fleet}
}

export interface LintResult {
  findings: Finding[]
  /** Each linted file with its text, for --fix. */
  files: TextFile[]
}

/**
 * The lint pipeline: read every file → parse into units of a detected kind → gather facts that
 * checks of one file need from another (scrape intervals, recorded series, target labels) → run
 * the checks of each kind → drop disabled findings → sort.
 */
export async function lintFiles(options: LintOptions): Promise<LintResult> {
  const loaded: {file: TextFile; load: LoadedFile}[] = []
  const findings: Finding[] = []
  const disabled = new Set(options.config.disable ?? [])
  const severities = options.config.severity ?? {}
  const sinkFor = (file: TextFile) => (check: CheckId, offset: number, message: string, fix?: Finding['fix']) => {
    if (disabled.has(check)) return
    const info = checkInfo(check)!
    const {line, col} = file.position(offset)
    findings.push({check, col, file: file.path, fix, line, message, offset, path: '', severity: severities[check] ?? info.severity})
  }

  for (const path of options.files) {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      const file = new TextFile(path, '')
      sinkFor(file)('lint/parse-error', 0, `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
      continue
    }
    const file = new TextFile(path, text)
    const load = loadUnits(file)
    for (const problem of load.problems) sinkFor(file)(problem.check, problem.offset, problem.message)
    loaded.push({file, load})
  }

  const facts = gatherFacts(loaded, options)
  for (const {file, load} of loaded) {
    for (const unit of load.units) {
      const checker = KIND_CHECKERS[unit.kind]
      try {
        checker.check?.(new UnitContext(unit, facts, sinkFor(file)))
      } catch (error) {
        // A bug in a check must not stop the files after it from being linted: say so, at the file.
        sinkFor(file)('lint/parse-error', unit.at(0), `internal error while checking this ${unit.kind} file (please report it): ${(error as Error).message}`)
      }
    }
  }

  if (options.fleet && !disabled.has('fleet/node-without-target')) {
    for (const finding of await nodesWithoutTargets(options.fleet.file, options.fleet.model, facts)) {
      findings.push({...finding, severity: severities[finding.check] ?? checkInfo(finding.check)!.severity})
    }
  }

  const texts = new Map(loaded.map(({file}) => [file.path, file]))
  const kept = findings.filter((finding) => {
    const file = texts.get(finding.file)
    return !file || !suppressedByComment(file, finding)
  })
  return {files: loaded.map((l) => l.file), findings: dedupe(kept.sort(compareFindings))}
}

function gatherFacts(loaded: {file: TextFile; load: LoadedFile}[], options: LintOptions): LintFacts {
  const configured = options.config.scrapeInterval ? parseDuration(options.config.scrapeInterval)! * 1000 : undefined
  const fromFleet = options.fleet ? parseDuration(options.fleet.model.scrape.interval)! * 1000 : undefined
  const facts = emptyFacts(fromFleet ?? configured ?? PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_MS)
  facts.fleet = options.fleet?.model
  for (const label of options.config.labels ?? []) facts.targetLabels.add(label)
  for (const {load} of loaded) {
    for (const unit of load.units) KIND_CHECKERS[unit.kind].collect?.(unit, facts)
  }
  return facts
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.file}:${f.line}:${f.col}:${f.check}:${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
