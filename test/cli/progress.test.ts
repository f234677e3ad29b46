import {execFileSync, spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {terminalProgress} from '../../src/cli/progress.js'
import {CLI, runCli} from '../helpers/cli.js'
import {examplePath, tempDir} from '../helpers/fleet.js'

const ERASE = '\r\u001B[2K'

function recorder() {
  const writes: string[] = []
  return {stream: {write: (text: string) => writes.push(text)}, writes}
}

describe('progress on a terminal', () => {
  it('shows each stage and its counts on one line redrawn in place, and erases it at the end', () => {
    const {stream, writes} = recorder()
    let clock = 0
    const progress = terminalProgress(stream, true, () => clock)
    progress.stage('load', 'fleet.yaml')
    progress.stage('generate')
    clock += 100
    progress.count(1, 3, 'prometheus-scrape')
    clock += 10
    progress.count(2, 3, 'prometheus-rules') // too soon after the last redraw: skipped
    clock += 100
    progress.count(3, 3, 'grafana')
    progress.stage('write')
    progress.count(480, 480)
    progress.end()
    expect(writes).toEqual([
      `${ERASE}inferwatch: loading fleet.yaml`,
      `${ERASE}inferwatch: generating`,
      `${ERASE}inferwatch: generating 1/3 prometheus-scrape`,
      `${ERASE}inferwatch: generating 3/3 grafana`,
      `${ERASE}inferwatch: writing`,
      `${ERASE}inferwatch: writing 480/480`,
      ERASE,
    ])
  })

  it('writes nothing at all when not shown (stderr is no terminal, or --quiet)', () => {
    const {stream, writes} = recorder()
    const progress = terminalProgress(stream, false)
    progress.stage('load', 'fleet.yaml')
    progress.count(1, 2)
    progress.clear()
    progress.end()
    expect(writes).toEqual([])
  })

  it('the CLI shows nothing on stderr when it is not a terminal', async () => {
    const out = join(await tempDir(), 'out')
    const result = await runCli(['generate', examplePath('mixed'), '--out', out])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('')
  })

  // `script` (util-linux) runs the CLI on a real pseudo-terminal, so this is the TTY decision itself.
  const hasScript = spawnSync('script', ['--version']).status === 0
  it.runIf(hasScript)('the CLI on a real terminal shows load, validate, generate, plan and write with counts; --quiet shows none', async () => {
    const out = join(await tempDir(), 'out')
    const onTerminal = (extra: string) =>
      execFileSync('script', ['-qec', `node ${CLI} generate ${examplePath('mixed')} --out ${out} ${extra}`, '/dev/null'], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
    const shown = onTerminal('')
    const lines = shown.split(ERASE).filter(Boolean)
    expect(lines[0]).toBe(`inferwatch: loading ${examplePath('mixed')}`)
    expect(lines[1]).toBe(`inferwatch: validating ${examplePath('mixed')}`)
    expect(lines).toContain('inferwatch: generating')
    expect(lines.some((l) => /^inferwatch: generating (\d+)\/\1 \S+$/.test(l))).toBe(true)
    expect(lines.some((l) => /^inferwatch: planning \d+ files$/.test(l))).toBe(true)
    const written = lines.map((l) => /^inferwatch: writing (\d+)\/(\d+)$/.exec(l)).filter((m) => m !== null)
    expect(written.at(-1)?.[1]).toBe(written.at(-1)?.[2])
    // The status line is erased before the summary, which stands alone.
    expect(lines.at(-1)).toMatch(/^\S+: \d+ created, 0 updated, 0 removed, 0 unchanged\r?\n$/)

    const quiet = onTerminal('--quiet')
    expect(quiet).not.toContain('inferwatch:')
    expect(quiet).toMatch(/^\S+: 0 created, 0 updated, 0 removed, \d+ unchanged\r?\n$/)
  })
})
