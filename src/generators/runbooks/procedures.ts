import {RUNBOOKS_DIR} from '../../runbooks/locations.js'

/** Procedures every fleet gets, in reading order; each renders templates/runbooks/procedures/<slug>.md.hbs. */
export const PROCEDURES = [
  {slug: 'safe-model-update', summary: 'checksum, smoke test, canary, promote, roll back', title: 'Safe model update'},
  {slug: 'backup-restore-test', summary: 'what is backed up and the quarterly restore test', title: 'Backup and restore test'},
  {slug: 'rollback-rehearsal', summary: 'roll back and forward on purpose, timed', title: 'Quarterly rollback rehearsal'},
  {slug: 'scaling-decision', summary: 'when one box becomes a cluster', title: 'Scaling decision'},
  {slug: 'maintenance-calendar', summary: 'daily, weekly, monthly and quarterly tasks', title: 'Maintenance calendar'},
] as const

export const PROCEDURES_DIR = `${RUNBOOKS_DIR}/procedures`
