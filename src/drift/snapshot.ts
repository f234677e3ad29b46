import {readFile, rename, writeFile} from 'node:fs/promises'

import {z} from 'zod'

import type {Distribution} from './distribution.js'
import {DriftInputError} from './errors.js'
import {sourceSchema} from './jobs-file.js'

/**
 * A frozen baseline: the distribution a job compares against, captured once (at model promotion)
 * with `inferwatch drift baseline`, so later windows are measured against that model's behaviour
 * rather than against a window that may itself have drifted.
 */
export const SNAPSHOT_FORMAT = 'inferwatch-drift-baseline/v1'

export const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  job: z.string(),
  server: z.string(),
  model: z.string().optional(),
  modelVersion: z.string().optional(),
  source: sourceSchema,
  /** ISO 8601 times of the captured window, (from, to]. */
  from: z.string(),
  to: z.string(),
  le: z.array(z.string()).min(1),
  counts: z.array(z.number().nonnegative()).min(1),
  samples: z.number().nonnegative(),
})

export type BaselineSnapshot = z.infer<typeof snapshotSchema>

export async function readSnapshot(file: string): Promise<BaselineSnapshot> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new DriftInputError(`cannot read baseline snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (capture one with \`inferwatch drift baseline\`)`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new DriftInputError(`baseline snapshot ${file} is not JSON`)
  }
  const checked = snapshotSchema.safeParse(value)
  if (!checked.success) {
    const issue = checked.error.issues[0]!
    throw new DriftInputError(`baseline snapshot ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  }
  if (checked.data.le.length !== checked.data.counts.length) throw new DriftInputError(`baseline snapshot ${file}: le and counts differ in length`)
  return checked.data
}

export const snapshotDistribution = (snapshot: BaselineSnapshot): Distribution => ({counts: snapshot.counts, le: snapshot.le})

/** Written beside the target and renamed into place, so a reader never sees half a baseline. */
export async function writeSnapshot(file: string, snapshot: BaselineSnapshot): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`
  await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`)
  await rename(temporary, file)
}
