import {createHash} from 'node:crypto'

/** Grafana accepts uids of at most 40 characters from [A-Za-z0-9_-]. */
export const MAX_UID_LENGTH = 40
const UID_SAFE = /^[a-z0-9_-]+$/

/**
 * A stable Grafana uid for something of this fleet: `iw-<fleet>-<what>`. Regenerating gives the
 * same uid, so Grafana updates the dashboard instead of adding a copy. Fleet names that are too long
 * or contain a "." are shortened and made unique with a hash of the full name.
 */
export function grafanaUid(fleetName: string, what: string): string {
  const plain = `iw-${fleetName}-${what}`
  if (UID_SAFE.test(fleetName) && plain.length <= MAX_UID_LENGTH) return plain
  const hash = createHash('sha256').update(fleetName).digest('hex').slice(0, 8)
  const room = MAX_UID_LENGTH - `iw--${hash}-${what}`.length
  const stem = fleetName.replace(/[^a-z0-9_-]/g, '-').slice(0, Math.max(0, room)).replace(/-+$/, '')
  return [`iw`, stem, hash, what].filter((part) => part !== '').join('-')
}
