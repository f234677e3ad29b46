import {z} from 'zod'

import {fleetSchema} from './fleet.js'

/** The fleet format as JSON Schema, from zod's own export; what users write, so `io: input`. */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(fleetSchema, {io: 'input', target: 'draft-2020-12'})
  // Top-level `x-…` keys are free for the user's anchors (validate-fleet.ts drops them before validation).
  return JSON.stringify({...schema, patternProperties: {'^x-': {}}}, null, 2) + '\n'
}
