import {atLeastVersion} from '../../schema/primitives.js'

/**
 * The Alertmanager release the generated config must load in is the fleet's
 * `alerting.alertmanagerVersion`, by default the current release (normalize/defaults.ts). Debian
 * bookworm's `prometheus-alertmanager` is 0.25, which is also the `amtool` the tests run: those
 * fleets and tests say "0.25".
 */

/**
 * `webhook_configs[].url_file` arrived in Alertmanager 0.26; 0.25 rejects the key and refuses the
 * whole file (verified with amtool 0.25: "field url_file not found"). 0.25 has no other way to read
 * a webhook URL from a file, and a webhook URL usually carries its token, so it is never inlined.
 */
export const WEBHOOK_URL_FILE_SINCE = '0.26'

export const webhookUrlFileSupported = (version: string): boolean => atLeastVersion(version, WEBHOOK_URL_FILE_SINCE)
