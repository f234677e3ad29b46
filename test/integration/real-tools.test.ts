import {copyFile, mkdir, readdir, readFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {execa} from 'execa'
import {describe, expect, it} from 'vitest'

import {checkConfig} from '../alertmanager/amtool.js'
import {runCli} from '../helpers/cli.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'
import {EXAMPLES, examplePath, tempDir} from '../helpers/fleet.js'
import {FLUENT_BIT, fluentBitDryRun, withSecretsUnder} from '../helpers/fluent-bit.js'
import {promtoolCheckConfig} from '../helpers/real-tools.js'
import {markdownlint} from '../runbooks/markdownlint.js'

/**
 * The whole product as a user runs it: `inferwatch generate` through the CLI, then every real tool
 * over the folder it wrote, with the commands the generated README tells users to run.
 */
const FLEETS = [
  ...EXAMPLES.map((name) => ({file: examplePath(name), name})),
  {file: join(PACKAGE_ROOT, 'test/fixtures/valid/yaml-1.1-names.yaml'), name: 'yaml-1.1-names'},
]

describe.each(FLEETS)('$name: generated folder accepted by the real tools', ({file, name}) => {
  const ready = (async () => {
    const out = join(await tempDir(`inferwatch-e2e-${name}-`), 'observability')
    const result = await runCli(['generate', file, '--out', out])
    if (result.exitCode !== 0) throw new Error(result.stderr)
    return out
  })()

  it('promtool check config (which also loads the rule files it names)', async () => {
    const out = await ready
    const run = await promtoolCheckConfig(out, 'prometheus/prometheus.yml')
    expect(run.ok, run.output).toBe(true)
    expect(run.output).toMatch(/SUCCESS: \d+ rule files found/)
    expect(run.output).not.toContain('WARNING')
  })

  it('promtool check rules and promtool test rules', async () => {
    const out = await ready
    const rules = (await readdir(join(out, 'prometheus/rules'))).map((f) => `prometheus/rules/${f}`)
    const check = await execa('promtool', ['check', 'rules', ...rules], {cwd: out, reject: false})
    expect(check.exitCode, check.stdout + check.stderr).toBe(0)
    const tests = (await readdir(join(out, 'prometheus/tests'))).map((f) => `prometheus/tests/${f}`)
    const test = await execa('promtool', ['test', 'rules', ...tests], {cwd: out, reject: false})
    expect(test.exitCode, test.stdout + test.stderr).toBe(0)
    expect(test.stdout).toContain('SUCCESS')
  })

  it('amtool check-config', async () => {
    const out = await ready
    const run = await checkConfig(join(out, 'alertmanager/alertmanager.yml'))
    expect(run.exitCode, run.output).toBe(0)
  })

  it('markdownlint over the runbooks, and dashboards that are JSON models', async () => {
    const out = await ready
    const lint = await markdownlint(out)
    expect(lint.ok, lint.output).toBe(true)
    const dashboards = await readdir(join(out, 'grafana/dashboards'))
    expect(dashboards.length).toBeGreaterThanOrEqual(3)
    for (const file of dashboards) {
      const model = JSON.parse(await readFile(join(out, 'grafana/dashboards', file), 'utf8')) as {uid: string; schemaVersion: number; panels: unknown[]}
      expect(model.uid).toBe(file.replace(/\.json$/, ''))
      expect(model.schemaVersion).toBeGreaterThan(30)
      expect(model.panels.length).toBeGreaterThan(0)
    }
  })

  it.skipIf(!FLUENT_BIT.binary)(`fluent-bit --dry-run on every node's config, markdownlint on fluent-bit/README.md${FLUENT_BIT.binary ? '' : ` (skipped: ${FLUENT_BIT.reason})`}`, async () => {
    const out = await ready
    const nodes = await readdir(join(out, 'fluent-bit')).catch(() => [])
    const nodeDirs = nodes.filter((n) => !['retention', 'README.md', 'inferwatch.lua', 'fluent-bit.service.d'].includes(n))
    const configs: string[] = []
    // Installed as the generated README says: the node's own files and the shared Lua filter in one folder.
    for (const node of nodeDirs) {
      const etc = join(await tempDir('inferwatch-real-fluent-bit-'), 'etc/fluent-bit')
      await mkdir(etc, {recursive: true})
      for (const file of await readdir(join(out, 'fluent-bit', node))) await copyFile(join(out, 'fluent-bit', node, file), join(etc, file))
      await copyFile(join(out, 'fluent-bit/inferwatch.lua'), join(etc, 'inferwatch.lua'))
      configs.push(join(etc, 'fluent-bit.yaml'))
    }
    for (const config of configs) {
      const run = fluentBitDryRun(await withSecretsUnder(dirname(config), config))
      expect(run.ok, `${config}\n${run.output}`).toBe(true)
    }
    if (configs.length === 0) return
    const bin = join(PACKAGE_ROOT, 'node_modules', '.bin', 'markdownlint-cli2')
    const lint = await execa(bin, ['--config', 'runbooks/.markdownlint.jsonc', 'fluent-bit/README.md'], {cwd: out, reject: false})
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0)
  })

  it('lists every file it wrote in the generated README', async () => {
    const out = await ready
    const readme = await readFile(join(out, 'README.md'), 'utf8')
    const manifest = JSON.parse(await readFile(join(out, '.inferwatch/manifest.json'), 'utf8')) as {files: Record<string, string>}
    for (const path of Object.keys(manifest.files)) expect(readme).toContain(`\`${path}\``)
  })
})
