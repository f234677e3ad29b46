import type {Fleet} from '../normalize/fleet-model.js'

/** One file a generator wants written, relative to the output directory, with POSIX separators. */
export interface OutputFile {
  path: string
  content: string
}

export interface GeneratorOutput {
  files: OutputFile[]
  /** Facts the generated README should tell the reader, e.g. an alert skipped because a runtime lacks the signal. */
  notes?: string[]
}

/** A pure function of the fleet: no I/O, no clock, no randomness. */
export interface Generator {
  id: string
  title: string
  generate(fleet: Fleet): GeneratorOutput
}
