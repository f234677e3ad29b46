import type {Fleet} from '../../normalize/fleet-model.js'
import {renderMarkdownTemplate} from '../../templates/render.js'
import type {Generator, OutputFile} from '../types.js'
import {fleetContext} from './context.js'
import {PROCEDURES, PROCEDURES_DIR} from './procedures.js'

export const RUNBOOKS_DIR = 'runbooks'

function renderProcedures(fleet: Fleet): OutputFile[] {
  const context = fleetContext(fleet)
  return PROCEDURES.map((procedure) => ({
    content: renderMarkdownTemplate(`runbooks/procedures/${procedure.slug}.md`, context),
    path: `${PROCEDURES_DIR}/${procedure.slug}.md`,
  }))
}

function renderIndex(fleet: Fleet): OutputFile {
  const context = {
    ...fleetContext(fleet),
    procedures: PROCEDURES.map((p) => ({file: `procedures/${p.slug}.md`, summary: p.summary, title: p.title})),
    severities: [],
  }
  return {content: renderMarkdownTemplate('runbooks/index.md', context), path: `${RUNBOOKS_DIR}/README.md`}
}

export const runbooksGenerator: Generator = {
  generate(fleet) {
    return {
      files: [
        renderIndex(fleet),
        ...renderProcedures(fleet),
        {content: renderMarkdownTemplate('runbooks/markdownlint.jsonc', {}), path: `${RUNBOOKS_DIR}/.markdownlint.jsonc`},
      ],
    }
  },
  id: 'runbooks',
  title: 'Runbooks',
}
