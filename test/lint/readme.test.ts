import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {CHECKS} from '../../src/lint/checks.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'

/** The README's check table, as it must read: one row per check of the registry, in its order. */
function expectedTable(): string {
  return ['| check | severity | finds |', '|---|---|---|', ...CHECKS.map((c) => `| \`${c.id}\` | ${c.severity} | ${c.title.replace(/\|/g, '\\|')} |`)].join('\n')
}

describe('README lint section', () => {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')

  it('has the check table of the registry (regenerate it from src/lint/checks.ts when this fails)', () => {
    const table = /<!-- lint-checks:start -->\n([\s\S]*?)\n<!-- lint-checks:end -->/.exec(readme)?.[1]
    expect(table).toBe(expectedTable())
  })

  it('documents every output format and flag of the command', () => {
    for (const word of ['--format', '--fail-on', '--fix', '--fleet', '--config', '--explain', 'sarif', 'github', 'NO_COLOR', '.inferwatch-lint.yaml', 'inferwatch-disable-next-line']) {
      expect(readme, word).toContain(word)
    }
  })
})
