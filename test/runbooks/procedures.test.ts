import {describe, expect, it} from 'vitest'

import {runbooksGenerator} from '../../src/generators/runbooks/index.js'
import {PROCEDURES} from '../../src/generators/runbooks/procedures.js'
import {renderMarkdownTemplate, TemplateError} from '../../src/templates/render.js'
import {escapeMarkdownInline, unescapeMarkdownInline} from '../../src/templates/markdown.js'
import {EXAMPLES, fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath, writeOutput} from '../helpers/output.js'
import {markdownlint} from './markdownlint.js'

describe('runbook procedures', () => {
  it.each(EXAMPLES)('%s: every procedure is generated and passes markdownlint', async (name) => {
    const {files} = runbooksGenerator.generate(await loadExample(name))
    for (const procedure of PROCEDURES) fileByPath(files, `runbooks/procedures/${procedure.slug}.md`)
    const dir = await tempDir()
    await writeOutput(dir, files)
    const lint = await markdownlint(dir)
    expect(lint.ok, lint.output).toBe(true)
  })

  it.each(EXAMPLES)('%s: safe model update snapshot', async (name) => {
    const {files} = runbooksGenerator.generate(await loadExample(name))
    await expect(fileByPath(files, 'runbooks/procedures/safe-model-update.md').content).toMatchFileSnapshot(
      `__snapshots__/${name}/runbooks/procedures/safe-model-update.md`,
    )
  })

  it('describes the fleet it was generated for', async () => {
    const {files} = runbooksGenerator.generate(await loadExample('mixed'))
    const update = fileByPath(files, 'runbooks/procedures/safe-model-update.md').content
    expect(update).toContain('| vllm-canary | gpu-main | vLLM | `http://192.168.10.30:8001` |')
    expect(update).toContain('- `mistral-7b-instruct`: canary on vllm-canary, stable on vllm-stable')
    expect(update).toContain('mv -T current.new current')
    const backups = fileByPath(files, 'runbooks/procedures/backup-restore-test.md').content
    expect(backups).toContain('| ollama-models | mac-tools | `/Users/ops/.ollama/models` | `0 2 * * *` | 26h |')
  })

  it('links every procedure from the index', async () => {
    const {files} = runbooksGenerator.generate(await loadExample('gpu-server'))
    const index = fileByPath(files, 'runbooks/README.md').content
    for (const procedure of PROCEDURES) expect(index).toContain(`(procedures/${procedure.slug}.md)`)
  })
})

describe('fleet strings are data', () => {
  const hostile = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: hostile}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    modelServers:
      - name: llama
        runtime: llama-cpp
        models:
          - {name: "evil|<script>alert(1)</script>*bold*\`x", version: "[x](https://evil.example.com)"}
      - name: llama-next
        runtime: llama-cpp
        port: 8081
        models:
          - {name: "evil|<script>alert(1)</script>*bold*\`x", stage: canary}
`

  it('cannot inject markup or break a table', async () => {
    const fleet = await fleetFromYaml(hostile)
    const {files} = runbooksGenerator.generate(fleet)
    const page = fileByPath(files, 'runbooks/procedures/safe-model-update.md').content
    const outsideCode = page.replace(/(`+)[^`]*?(?:`(?!`)[^`]*?)*\1/g, '')
    expect(outsideCode).not.toContain('<script>')
    expect(page).toContain('evil\\|&lt;script&gt;alert(1)&lt;/script&gt;\\*bold\\*\\`x')
    expect(page).not.toContain('[x](https://evil.example.com)')
    const row = page.split('\n').find((line) => line.startsWith('| llama |'))!
    expect(row.replace(/\\\|/g, '').split('|').length).toBe(7)
    // In a code span the raw text shows, behind a fence longer than any backtick run inside it.
    expect(page).toContain('- ``evil|<script>alert(1)</script>*bold*`x``: canary on llama-next, stable on llama')
    const dir = await tempDir()
    await writeOutput(dir, files)
    const lint = await markdownlint(dir)
    expect(lint.ok, lint.output).toBe(true)
  })

  it('rejects file paths that a shell, a unit file or YAML would read differently', async () => {
    await expect(fleetFromYaml(`${hostile}backups:\n  - {name: models, node: pi-01, paths: ["/srv/models; rm -rf /"], maxAge: 26h}\n`)).rejects.toThrow(
      /backups\[0\]\.paths\[0\]: must be an absolute file path/,
    )
  })

  it('escapes reversibly', () => {
    const text = 'a\\b `c` *d* _e_ [f](g) <h> & | # https://x.example.com'
    expect(unescapeMarkdownInline(escapeMarkdownInline(text))).toBe(text)
  })

  it('escapes each special character, alone or among plain text (the fast path for plain text misses none)', () => {
    const escapes: [string, string][] = [
      ['\\', '\\\\'], ['`', '\\`'], ['*', '\\*'], ['_', '\\_'], ['[', '\\['], [']', '\\]'], ['<', '&lt;'], ['>', '&gt;'],
      ['#', '\\#'], ['|', '\\|'], ['~', '\\~'], ['&', '&amp;'], ['\n', ' '], ['\r\n', ' '], ['://', '\\://'],
    ]
    for (const [raw, escaped] of escapes) {
      expect(escapeMarkdownInline(raw)).toBe(escaped)
      expect(escapeMarkdownInline(`pi-01${raw}site.a`)).toBe(`pi-01${escaped}site.a`)
    }
    for (const plain of ['pi-01', 'site/office a', 'qwen2.5-1.5b-instruct', '/var/log/x.jsonl', 'a:b', 'x: /y']) expect(escapeMarkdownInline(plain)).toBe(plain)
  })
})

describe('strict templates', () => {
  it('fail at generation time on a missing variable instead of rendering a blank', () => {
    expect(() => renderMarkdownTemplate('runbooks/procedures/scaling-decision.md', {fleet: {environment: 'x', name: 'y', sourceFile: 'z'}})).toThrow(
      TemplateError,
    )
  })
})
