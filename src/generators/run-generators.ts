import type {Fleet} from '../normalize/fleet-model.js'
import {OUTPUT_README, renderOutputReadme, type GeneratorSummary} from './output-readme.js'
import {GENERATORS} from './registry.js'
import type {Generator, OutputFile} from './types.js'

export class GeneratorConflictError extends Error {}

/**
 * Runs every generator in memory and returns the complete output set, sorted by path.
 * `onGenerator` hears of each generator as it starts (for progress on a terminal).
 */
export function runGenerators(
  fleet: Fleet,
  generators: readonly Generator[] = GENERATORS,
  onGenerator: (generator: Generator, index: number, total: number) => void = () => {},
): OutputFile[] {
  const owners = new Map<string, string>([[OUTPUT_README, 'output-readme']])
  const files: OutputFile[] = []
  const summaries: GeneratorSummary[] = []
  for (const [index, generator] of generators.entries()) {
    onGenerator(generator, index, generators.length)
    const output = generator.generate(fleet)
    for (const file of output.files) {
      const owner = owners.get(file.path)
      if (owner) throw new GeneratorConflictError(`generators "${owner}" and "${generator.id}" both write ${file.path}`)
      owners.set(file.path, generator.id)
      files.push(file)
    }
    summaries.push({
      files: output.files.map((f) => f.path).sort(),
      id: generator.id,
      notes: [...new Set(output.notes ?? [])].sort(),
      title: generator.title,
    })
  }
  files.push(renderOutputReadme(fleet, summaries))
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
