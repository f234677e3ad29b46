import {isMap, isSeq} from 'yaml'

import type {CheckId} from '../checks.js'
import type {UnitContext} from '../unit.js'
import {entries, items, str} from '../yaml-nodes.js'

/** Walks a config and reports every key in `secretKeys` written with an inline value. */
export function reportInlineSecrets(ctx: UnitContext, node: unknown, secretKeys: Readonly<Record<string, string>>, check: CheckId): void {
  if (isSeq(node)) for (const item of items(node)) reportInlineSecrets(ctx, item, secretKeys, check)
  if (!isMap(node)) return
  for (const {key, keyNode, value} of entries(node)) {
    const replacement = secretKeys[key]
    if (replacement !== undefined && str(value)) ctx.report(check, keyNode, `${key} is written inline: use ${replacement} and keep the secret out of the file`)
    else reportInlineSecrets(ctx, value, secretKeys, check)
  }
}

/** Walks a config and reports every `insecure_skip_verify: true`. */
export function reportInsecureTls(ctx: UnitContext, node: unknown): void {
  if (isSeq(node)) for (const item of items(node)) reportInsecureTls(ctx, item)
  if (!isMap(node)) return
  for (const {key, keyNode, value} of entries(node)) {
    if (key === 'insecure_skip_verify' && str(value) === 'true') ctx.report('prometheus/insecure-skip-verify', keyNode, 'insecure_skip_verify: true accepts any certificate: give the CA with ca_file instead')
    else reportInsecureTls(ctx, value)
  }
}
