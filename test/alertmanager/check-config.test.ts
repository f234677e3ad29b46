import {describe, expect, it} from 'vitest'

import {EXAMPLES, fleetFromYaml, loadExample} from '../helpers/fleet.js'
import {checkConfig, generateAlertmanager} from './amtool.js'
import {NO_ALERTING, NO_ROUTES_FAST_REPEAT, ONLY_WEBHOOK, SITE_AND_TENANT_ROUTES} from './fleets.js'

async function expectAmtoolAccepts(file: string): Promise<void> {
  const result = await checkConfig(file)
  expect(result.output).toContain('SUCCESS')
  expect(result.exitCode, result.output).toBe(0)
}

describe('amtool check-config accepts alertmanager.yml', () => {
  it.each(EXAMPLES)('for the %s example', async (name) => {
    await expectAmtoolAccepts((await generateAlertmanager(await loadExample(name))).file)
  })

  it.each([
    ['no alerting section', NO_ALERTING],
    ['only a webhook receiver', ONLY_WEBHOOK],
    ['routes on site and tenant', SITE_AND_TENANT_ROUTES],
    ['no routes and a short repeat interval', NO_ROUTES_FAST_REPEAT],
  ])('for a fleet with %s', async (_, yaml) => {
    await expectAmtoolAccepts((await generateAlertmanager(await fleetFromYaml(yaml))).file)
  })
})
