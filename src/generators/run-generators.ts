import type {Fleet} from '../normalize/fleet-model.js'
import {OUTPUT_README, renderOutputReadme, type GeneratorSummary} from './output-readme.js'
import {BUNDLE_STAGES, GENERATORS} from './registry.js'
import type {BundleStage, Generator, GeneratorOutput, OutputFile} from './types.js'

export class GeneratorConflictError extends Error {}

/**
 * Runs every generator in memory, then the bundle stages over everything the generators wrote
 * (so a generator's node-side files join the deploy bundles without the bundler knowing it), and
 * returns the complete output set, sorted by path. `onGenerator` hears of each generator and stage
 * as it starts (for progress on a terminal).
 */
export function runGenerators(
  fleet: Fleet,
  generators: readonly Generator[] = GENERATORS,
  onGenerator: (step: Pick<Generator, 'id' | 'title'>, index: number, total: number) => void = () => {},
  stages: readonly BundleStage[] = BUNDLE_STAGES,
): OutputFile[] {
  const owners = new Map<string, string>([[OUTPUT_README, 'output-readme']])
  const files: OutputFile[] = []
  const summaries: GeneratorSummary[] = []
  const steps: {id: string; title: string; run: () => GeneratorOutput}[] = [
    ...generators.map((g) => ({id: g.id, run: () => g.generate(fleet), title: g.title})),
    ...stages.map((s) => ({id: s.id, run: () => s.bundle(fleet, [...files]), title: s.title})),
  ]
  for (const [index, step] of steps.entries()) {
    onGenerator(step, index, steps.length)
    const output = step.run()
    for (const file of output.files) {
      const owner = owners.get(file.path)
      if (owner) throw new GeneratorConflictError(`generators "${owner}" and "${step.id}" both write ${file.path}`)
      owners.set(file.path, step.id)
      files.push(file)
    }
    summaries.push({
      files: output.files.map((f) => f.path).sort(),
      id: step.id,
      notes: [...new Set(output.notes ?? [])].sort(),
      title: step.title,
    })
  }
  files.push(renderOutputReadme(fleet, summaries))
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
