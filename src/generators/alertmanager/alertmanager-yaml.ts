import {Document, isMap, isSeq} from 'yaml'

import type {InhibitRule} from './inhibit-rules.js'
import type {ReceiverConfig} from './receivers.js'
import type {RootRoute} from './route-tree.js'

export interface AlertmanagerConfig {
  route: RootRoute
  inhibit_rules: InhibitRule[]
  receivers: ReceiverConfig[]
}

export interface YamlComments {
  /** Lines at the top of the file. */
  header: string[]
  /** Comment lines written under a receiver, by receiver name. */
  receivers: ReadonlyMap<string, string>
}

/** Serializes in the object's own key order; comments go through the YAML document, never string splicing. */
export function renderAlertmanagerYaml(config: AlertmanagerConfig, comments: YamlComments): string {
  // Read top-down the way Alertmanager evaluates: where alerts go, what mutes them, who gets them.
  const doc = new Document({route: config.route, inhibit_rules: config.inhibit_rules, receivers: config.receivers})
  doc.commentBefore = comments.header.map((line) => ` ${line}`).join('\n')
  const receivers = doc.get('receivers', true)
  if (isSeq(receivers)) {
    for (const item of receivers.items) {
      const comment = isMap(item) ? comments.receivers.get(String(item.get('name'))) : undefined
      if (isMap(item) && comment) item.comment = comment
    }
  }
  return doc.toString({lineWidth: 0})
}
