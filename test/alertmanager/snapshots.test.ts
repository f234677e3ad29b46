import {describe, expect, it} from 'vitest'

import {ALERTMANAGER_CONFIG_PATH, alertmanagerGenerator} from '../../src/generators/alertmanager/index.js'
import {EXAMPLES, fleetFromYaml, loadExample} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'
import {NO_ALERTING} from './fleets.js'

describe('alertmanager.yml snapshots (read them when they change)', () => {
  it.each(EXAMPLES)('%s', async (name) => {
    const output = alertmanagerGenerator.generate(await loadExample(name))
    await expect(fileByPath(output.files, ALERTMANAGER_CONFIG_PATH).content).toMatchFileSnapshot(`./__snapshots__/${name}/alertmanager.yml`)
  })

  it('a fleet without alerting', async () => {
    const output = alertmanagerGenerator.generate(await fleetFromYaml(NO_ALERTING))
    await expect(fileByPath(output.files, ALERTMANAGER_CONFIG_PATH).content).toMatchFileSnapshot('./__snapshots__/no-alerting/alertmanager.yml')
  })

  it.each(EXAMPLES)('%s is byte-stable across runs', async (name) => {
    const fleet = await loadExample(name)
    expect(alertmanagerGenerator.generate(fleet)).toEqual(alertmanagerGenerator.generate(fleet))
  })
})
