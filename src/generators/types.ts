import type {Fleet} from '../normalize/fleet-model.js'

/** One file a generator wants written, relative to the output directory, with POSIX separators. */
export interface OutputFile {
  path: string
  content: string
  /**
   * Set on files that run on a node (agents, units, log shipper configs): where a per-node deploy
   * bundle installs them. Generators only describe the placement; the bundle step reads it.
   */
  install?: NodeInstall
}

export interface NodeInstall {
  /**
   * The fleet nodes the file belongs on: a file that is the same on many nodes (a script, a unit
   * drop-in) is generated once, not once per node.
   */
  nodes: readonly string[]
  /** Absolute path on that node, e.g. /etc/systemd/system/inferwatch-rpi-throttled.timer. */
  destination: string
  /** Octal file mode, e.g. '0644' or '0755'. */
  mode: string
  /** A package the file needs on the node (a drop-in for its unit, a config for its binary): install.sh checks for it first. */
  requires?: {binary: string; package: string; repository?: string}
}

export interface GeneratorOutput {
  files: OutputFile[]
  /** Facts the generated README should tell the reader, e.g. an alert skipped because a runtime lacks the signal. */
  notes?: string[]
}

/**
 * A stage after every generator has run: it reads all generated files, e.g. to gather the node-side
 * files (those with `install`) into per-node deploy bundles. Pure, like a generator.
 */
export interface BundleStage {
  id: string
  title: string
  bundle(fleet: Fleet, files: readonly OutputFile[]): GeneratorOutput
}

/** A pure function of the fleet: no I/O, no clock, no randomness. */
export interface Generator {
  id: string
  title: string
  generate(fleet: Fleet): GeneratorOutput
}
