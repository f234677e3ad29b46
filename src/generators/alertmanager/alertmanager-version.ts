/**
 * The Alertmanager release the generated config must load in: Debian's `prometheus-alertmanager`
 * package (bookworm ships 0.25), which is also the `amtool` the tests run.
 */
export const TARGET_ALERTMANAGER = '0.25'

/**
 * `webhook_configs[].url_file` arrived in Alertmanager 0.26; 0.25 rejects the key and refuses the
 * whole file (verified with amtool 0.25: "field url_file not found"). 0.25 has no other way to read
 * a webhook URL from a file, and a webhook URL usually carries its token, so it is never inlined.
 */
export const WEBHOOK_URL_FILE_SINCE = '0.26'
