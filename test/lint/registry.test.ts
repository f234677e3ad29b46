import {describe, expect, it} from 'vitest'

import {CHECKS} from '../../src/lint/checks.js'
import {explainCheck} from '../../src/lint/index.js'

describe('check registry', () => {
  it('ids are unique and shaped area/name', () => {
    const ids = CHECKS.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z]+\/[a-z0-9-]+$/)
  })

  it('every check explains itself in a paragraph, which --explain prints with how to disable it', () => {
    for (const check of CHECKS) {
      expect(check.explanation.length, check.id).toBeGreaterThan(80)
      const explained = explainCheck(check.id)
      expect(explained.ok).toBe(true)
      expect(explained.text).toContain(check.explanation)
      expect(explained.text).toContain(`disable: [${check.id}]`)
      expect(explained.text).toContain(`# inferwatch-disable-next-line ${check.id}`)
    }
  })

  it('an unknown id lists the known ones', () => {
    const explained = explainCheck('metric/renaimed')
    expect(explained.ok).toBe(false)
    expect(explained.text).toContain('metric/renamed')
  })
})
