import {Command, Flags} from '@oclif/core'

import {formatDiagnostic, InputError} from '../diagnostics/diagnostic.js'

/** Exit codes: 0 ok, 1 internal error or a failed --check, 2 invalid input. */
export const EXIT = {checkFailed: 1, internal: 1, invalidInput: 2} as const

/**
 * Shared error handling: user mistakes print located messages and exit 2 without a stack trace;
 * anything else is an internal error (exit 1), with the stack only under --debug.
 */
export abstract class InferwatchCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({description: 'Show stack traces for internal errors.', helpGroup: 'GLOBAL'}),
  }

  protected failInput(diagnostics: InputError['diagnostics']): never {
    throw new InputError(diagnostics)
  }

  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<unknown> {
    if (error instanceof InputError) {
      process.stderr.write(error.diagnostics.map(formatDiagnostic).join('\n') + '\n')
      const count = error.diagnostics.length
      process.stderr.write(`${count} problem${count === 1 ? '' : 's'} found.\n`)
      return this.exit(EXIT.invalidInput)
    }
    // oclif's own errors (unknown flag, this.exit) already carry their exit code and message.
    if (error.oclif) throw error
    process.stderr.write(`inferwatch: internal error: ${error.message}\n`)
    if (this.argv.includes('--debug')) process.stderr.write(`${error.stack ?? ''}\n`)
    else process.stderr.write('Run again with --debug to see the stack trace, and please report it.\n')
    return this.exit(EXIT.internal)
  }
}
