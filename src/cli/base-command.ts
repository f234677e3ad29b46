import {Command, Flags} from '@oclif/core'

import {formatDiagnostic, InputError} from '../diagnostics/diagnostic.js'
import {InterruptedError} from '../writer/interrupt.js'

/** Exit codes: 0 ok, 1 a failed --check, an I/O error or an internal error, 2 invalid input; 128 + n after signal n (130 SIGINT, 143 SIGTERM). */
export const EXIT = {checkFailed: 1, internal: 1, invalidInput: 2, io: 1} as const

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
    if (error instanceof InterruptedError) {
      const state =
        error.output === 'unchanged'
          ? 'removed its temporary files and released the lock; the output folder is as it was'
          : 'it came while the new files were being renamed into place, which was finished first: the output folder holds the complete new output'
      process.stderr.write(`inferwatch: stopped by ${error.signal}; ${state}.\n`)
      return this.exit(error.exitCode)
    }
    // oclif's own errors (unknown flag, this.exit) already carry their exit code and message.
    if (error.oclif) throw error
    const io = error as NodeJS.ErrnoException
    if (io.syscall && io.code) {
      // The machine said no (permissions, full disk, read-only file system): not a bug to report.
      process.stderr.write(`inferwatch: cannot ${io.syscall} ${io.path ?? ''}: ${io.code}\n`)
      if (this.argv.includes('--debug')) process.stderr.write(`${error.stack ?? ''}\n`)
      return this.exit(EXIT.io)
    }
    process.stderr.write(`inferwatch: internal error: ${error.message}\n`)
    if (this.argv.includes('--debug')) process.stderr.write(`${error.stack ?? ''}\n`)
    else process.stderr.write('Run again with --debug to see the stack trace, and please report it.\n')
    return this.exit(EXIT.internal)
  }
}
