import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {execa} from 'execa'
import {parse} from 'yaml'

import type {AlertmanagerConfig} from '../../src/generators/alertmanager/alertmanager-yaml.js'
import {ALERTMANAGER_CONFIG_PATH, alertmanagerGenerator} from '../../src/generators/alertmanager/index.js'
import type {GeneratorOutput} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {tempDir} from '../helpers/fleet.js'
import {fileByPath, writeOutput} from '../helpers/output.js'

export interface GeneratedAlertmanager {
  output: GeneratorOutput
  content: string
  /** The parsed alertmanager.yml. */
  config: AlertmanagerConfig
  /** Where the file was written, exactly as the writer would write it, for amtool to read. */
  file: string
}

export async function generateAlertmanager(fleet: Fleet): Promise<GeneratedAlertmanager> {
  const output = alertmanagerGenerator.generate(fleet)
  const dir = await tempDir('inferwatch-am-')
  await writeOutput(dir, output.files)
  const {content} = fileByPath(output.files, ALERTMANAGER_CONFIG_PATH)
  return {config: parse(content) as AlertmanagerConfig, content, file: join(dir, ALERTMANAGER_CONFIG_PATH), output}
}

/** The real `amtool check-config`; never throws, so a test can show amtool's own message. */
export async function checkConfig(file: string): Promise<{exitCode: number; output: string}> {
  const result = await execa('amtool', ['check-config', file], {all: true, reject: false})
  return {exitCode: result.exitCode ?? -1, output: result.all ?? ''}
}

/** The receivers Alertmanager would notify for an alert with these labels, per `amtool config routes test`. */
export async function routedReceivers(file: string, labels: Record<string, string>): Promise<string[]> {
  const args = Object.entries(labels).map(([name, value]) => `${name}=${value}`)
  const {stdout} = await execa('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...args])
  return stdout.trim().split(',')
}

/** Renders one Alertmanager template string with amtool against the given notification data. */
export async function renderTemplate(text: string, data: unknown): Promise<string> {
  const dir = await tempDir('inferwatch-am-tmpl-')
  const dataFile = join(dir, 'data.json')
  const emptyTemplates = join(dir, 'none.tmpl')
  await writeFile(dataFile, JSON.stringify(data))
  await writeFile(emptyTemplates, '')
  const {stdout} = await execa('amtool', ['template', 'render', `--template.glob=${emptyTemplates}`, `--template.data=${dataFile}`, `--template.text=${text}`])
  return stdout
}
