/**
 * The Alertmanager release the generated config must load in is the fleet's
 * `alerting.alertmanagerVersion`, by default Debian's `prometheus-alertmanager` (bookworm ships
 * 0.25), which is also the `amtool` the tests run.
 */

/**
 * `webhook_configs[].url_file` arrived in Alertmanager 0.26; 0.25 rejects the key and refuses the
 * whole file (verified with amtool 0.25: "field url_file not found"). 0.25 has no other way to read
 * a webhook URL from a file, and a webhook URL usually carries its token, so it is never inlined.
 */
export const WEBHOOK_URL_FILE_SINCE = '0.26'

/** Compares major.minor versions numerically (0.26 < 0.100). */
export function atLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number)
  return major > minMajor || (major === minMajor && minor >= minMinor)
}

export const webhookUrlFileSupported = (version: string): boolean => atLeast(version, WEBHOOK_URL_FILE_SINCE)
