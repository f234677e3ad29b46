import type {Node} from 'yaml'

import type {CheckId} from './checks.js'
import type {LintFacts, Report} from './context.js'
import {within, type EmbeddedText} from './embedded-text.js'
import type {TextEdit} from './finding.js'
import type {TextFile} from './text-file.js'
import {scalarOf, startOf} from './yaml-nodes.js'

export const KINDS = [
  'prometheus-config',
  'prometheus-rules',
  'promtool-tests',
  'alertmanager',
  'grafana-dashboard',
  'grafana-alerts',
  'grafana-provisioning',
  'fluent-bit',
  'fleet',
  'file-sd',
  'blackbox',
  'drift-jobs',
  'loki',
  'compose',
  'kubernetes-object',
  'systemd-unit',
  'index-policy',
] as const
export type Kind = (typeof KINDS)[number]

/**
 * One document lint checks: a file, one document of a multi-document YAML, or a config embedded
 * in a ConfigMap. `source` is the text it was parsed from and `at` maps an index in it to the
 * file's offset, so every finding lands on the file's line and column.
 */
export interface LintUnit {
  file: TextFile
  source: string
  at: (index: number) => number
  kind: Kind
  /** The YAML/JSON root of the config (for a PrometheusRule, its spec). */
  root: Node | undefined
}

/** What a check sees while it looks at one unit. */
export class UnitContext {
  constructor(
    readonly unit: LintUnit,
    readonly facts: LintFacts,
    private readonly sink: Report,
  ) {}

  /** File offset of a node's start. */
  offset(node: unknown, fallback?: unknown): number {
    return this.unit.at(startOf(node ?? fallback, startOf(fallback)))
  }

  report(check: CheckId, node: unknown, message: string, fix?: TextEdit): void {
    this.sink(check, this.offset(node), message, fix)
  }

  reportAt(check: CheckId, offset: number, message: string, fix?: TextEdit): void {
    this.sink(check, offset, message, fix)
  }

  get reporter(): Report {
    return this.sink
  }

  /** A scalar's text with each character's file offset. */
  text(node: unknown): EmbeddedText | undefined {
    const inner = scalarOf(node, this.unit.source)
    return inner ? within({at: this.unit.at, text: this.unit.source}, inner) : undefined
  }
}
