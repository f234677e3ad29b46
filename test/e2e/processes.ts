import {spawn, type ChildProcess} from 'node:child_process'
import {createServer} from 'node:net'

/** A free TCP port on 127.0.0.1, chosen by the kernel at run time. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

export interface Started {
  name: string
  child: ChildProcess
  /** stdout and stderr so far, for failure messages. */
  log: () => string
}

/**
 * Starts programs and stops every one of them, whatever happened in between: call stopAll() in
 * afterAll. Programs that exit early keep their output for the failure message.
 */
export class Processes {
  private readonly started: Started[] = []

  start(name: string, command: string, args: string[]): Started {
    const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']})
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
    child.on('error', (error) => keep(Buffer.from(`\n${name}: ${error.message}\n`)))
    const started = {child, log: () => output, name}
    this.started.push(started)
    return started
  }

  /** The last lines each program printed, for an assertion message. */
  logs(): string {
    return this.started.map((s) => `--- ${s.name} (exit ${s.child.exitCode ?? 'running'})\n${s.log().split('\n').slice(-15).join('\n')}`).join('\n')
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.map((s) => stop(s.child)))
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, context: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n${context()}`)
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, {signal: AbortSignal.timeout(5000)})
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return (await response.json()) as T
}
