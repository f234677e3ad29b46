import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'yaml'
import {z} from 'zod'

import {TEMPLATES_DIR} from '../../templates/render.js'

const guideSchema = z.strictObject({remediation: z.array(z.string().min(1)).min(1), why: z.string().min(1)})
const guidesSchema = z.record(z.string(), guideSchema)

export type AlertGuide = z.infer<typeof guideSchema>

/** Runbook prose per alert (templates/runbooks/alert-guides.yaml), package data read once like a template. */
const GUIDES = guidesSchema.parse(parse(readFileSync(join(TEMPLATES_DIR, 'runbooks', 'alert-guides.yaml'), 'utf8')))

export const DEFAULT_GUIDE = '_default'

export function alertGuide(alertName: string): AlertGuide {
  return GUIDES[alertName] ?? GUIDES[DEFAULT_GUIDE]!
}

export function hasOwnGuide(alertName: string): boolean {
  return alertName in GUIDES && alertName !== DEFAULT_GUIDE
}
