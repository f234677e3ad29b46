import type {Severity} from './finding.js'

/**
 * Every check lint runs: its id (what `--explain`, `.inferwatch-lint.yaml` and
 * `# inferwatch-disable-next-line` name), its default severity and why it matters. The README's
 * check table is compared with this list by a test.
 */
export interface CheckInfo {
  id: string
  severity: Severity
  /** One line, for the README table. */
  title: string
  /** One paragraph, for `inferwatch lint --explain ID`. */
  explanation: string
}

const c = (id: string, severity: Severity, title: string, explanation: string): CheckInfo => ({explanation, id, severity, title})

export const CHECKS = [
  c('lint/parse-error', 'error', 'file cannot be read or parsed', 'The file is not valid YAML or JSON (or not readable). Nothing else in it can be checked until it parses, and the program that reads it would refuse it too. The finding points at the first place the parser gave up.'),
  c('lint/unknown-kind', 'info', 'file of no kind lint knows', 'The file is none of the kinds lint checks (Prometheus config or rules, Alertmanager config, Grafana dashboard or alert rules, Fluent Bit config, inferwatch fleet). It is reported rather than skipped so that a typo in a top-level key, which makes a config unrecognisable, does not pass silently.'),
  c('promql/syntax', 'error', 'PromQL that Prometheus cannot parse', 'The expression does not parse, names a function that does not exist, passes the wrong number or type of arguments (rate() of an instant vector), mixes range vectors into arithmetic, compares two scalars without `bool`, or uses an invalid regular expression. Prometheus refuses to load a rule file with such an expression, and a dashboard panel shows an error. The position is the place inside the expression, mapped to the file.'),
  c('promql/unquoted-label-value', 'error', 'label matcher value without quotes', 'Label values in a selector must be string literals: `job="node"`, not `job=node`. Prometheus rejects the unquoted form. `--fix` adds the quotes.'),
  c('promql/rate-on-non-counter', 'warning', 'rate/increase/irate of a gauge', 'rate(), irate(), increase() and resets() assume a counter: a value that only goes up and drops to zero on restart. Applied to a gauge (temperature, queue length, cache usage) every decrease is taken for a counter reset, so the result is nonsense. Use deriv() or delta() for the change of a gauge, or the gauge itself.'),
  c('promql/histogram-quantile-without-le', 'error', 'histogram_quantile over buckets aggregated without le', 'histogram_quantile() needs the `le` label of the bucket series to know the bucket boundaries. An aggregation such as `sum by (job) (rate(x_bucket[5m]))` or `sum without (le) (…)` removes it, and the quantile is always NaN. Keep `le` in the `by` clause.'),
  c('promql/range-too-short', 'warning', 'range shorter than 4× the scrape interval', 'rate() and friends need at least two samples in the range, and one missed scrape should not empty it, so the range should be at least four scrape intervals. A shorter range makes gaps and alerts that flap. The scrape interval is the linted Prometheus config\'s (per job when the selector names the job), else the fleet\'s, else `scrapeInterval` in .inferwatch-lint.yaml, else Prometheus\' default of 1m.'),
  c('promql/regex-never-matches', 'warning', 'label matchers that can never match', 'The selector cannot select anything: a regex with an anchor in the middle (Prometheus already anchors it at both ends), or two matchers on the same label that contradict each other (`job="a", job="b"`). The alert never fires and the panel stays empty.'),
  c('promql/absent-with-regex', 'warning', 'absent() of a selector with a regex matcher', 'absent() returns a series labelled with the equality matchers of its selector only. With a regex matcher the output has no labels to route or describe the alert with, and a regex over several values is absent only when all of them are, which is seldom what was meant. Use one absent() per value, or `count by (x) (…) unless …`.'),
  c('metric/renamed', 'error', 'metric name that its exporter renamed or never had', 'The exporter exposes this series under another name (for example node_exporter has `node_thermal_zone_temp`, never `node_thermal_zone_temp_celsius`; vLLM renamed `vllm:gpu_cache_usage_perc` to `vllm:kv_cache_usage_perc`; TGI counters have no `_total`). A query on the wrong name returns nothing, so an alert on it never fires. `--fix` writes the right name.'),
  c('metric/removed', 'error', 'metric that its exporter removed', 'The exporter no longer exposes this series and nothing replaces it (for example llama.cpp removed `llamacpp:kv_cache_usage_ratio` and `llamacpp:kv_cache_tokens`). A rule on it never fires; remove it or observe the thing another way.'),
  c('metric/unknown', 'warning', 'metric name that its exporter does not expose', 'The name is in the namespace of an exporter whose whole metric list inferwatch knows, but is not on it: usually a typo. The message suggests the closest real name.'),
  c('metric/unknown-label', 'warning', 'label that the exporter does not attach to this metric', 'The selector matches or groups on a label that neither the exporter nor the scrape configuration puts on this series (for example `node_thermal_zone_temp{zone_type="cpu"}`: the label is `type`). A matcher on a missing label selects nothing. Target labels from a linted Prometheus config or file_sd file, the inferwatch label contract and `labels` in .inferwatch-lint.yaml count as attached.'),
  c('rule/structure', 'error', 'rule file that Prometheus refuses to load', 'The rule file breaks the rule format: a group without a name or rules, a rule that is both or neither `alert` and `record`, a missing `expr`, an unknown field, an invalid `for` duration, an invalid recording-rule or label name. `promtool check rules` and Prometheus refuse the whole file.'),
  c('rule/duplicate-group', 'error', 'group name used twice in one file', 'Prometheus refuses a rule file in which two groups have the same name: rename one, or merge their rules into one group.'),
  c('rule/duplicate-rule', 'warning', 'same rule defined twice', 'Two rules with the same alert or record name and the same labels: they produce the same series twice, and the second silently overwrites or duplicates the first. Alerts with one name and different labels (a warning and a critical threshold) are fine.'),
  c('rule/alert-without-for', 'warning', 'alert without `for`', 'Without `for` an alert fires on the first evaluation that matches, so one scrape of noise pages someone. Add a `for` of a few evaluation intervals; a deliberate always-firing alert (a watchdog) can disable this check inline.'),
  c('rule/missing-severity', 'warning', 'alert without a severity label', 'Alertmanager routing and inhibition work on labels, and most setups route on `severity`. An alert without it falls through to the default route and cannot be inhibited by severity.'),
  c('rule/missing-summary', 'warning', 'alert without a summary annotation', 'The `summary` annotation is what a notification shows first. Without it the receiver sees only the alert name and labels.'),
  c('rule/missing-runbook-url', 'info', 'alert without a runbook_url annotation', 'A `runbook_url` tells the person paged what to do. inferwatch generates runbooks for its own alerts; hand-written alerts should link one too.'),
  c('rule/template-syntax', 'error', 'label or annotation template that does not parse', 'Prometheus parses alert labels and annotations as Go templates when it loads the file: an unclosed `{{`, an unknown function, an undefined variable such as `$label` for `$labels`, or an `if` without `end` makes promtool and Prometheus refuse the rule file.'),
  c('rule/recording-name', 'warning', 'recording rule not named level:metric:operations', 'Prometheus\' naming convention for recorded series is `level:metric:operations` (for example `job:http_requests:rate5m`): the aggregation level, the metric, and what was done to it. Names in that form tell a recorded series from a raw one and say what it means.'),
  c('prometheus/duplicate-job', 'error', 'scrape job name used twice', 'Prometheus refuses a configuration in which two scrape configs share a `job_name`: give each a name of its own, or merge their targets.'),
  c('prometheus/duplicate-target', 'warning', 'target scraped twice', 'The same address appears twice in one job, or in two jobs with the same metrics path: every series is stored twice (or collides), and sums double.'),
  c('prometheus/scrape-timeout', 'error', 'scrape_timeout longer than scrape_interval', 'Prometheus refuses a scrape config whose timeout is longer than its interval (a global timeout above a job\'s interval counts too).'),
  c('prometheus/insecure-skip-verify', 'warning', 'TLS certificate verification turned off', '`insecure_skip_verify: true` accepts any certificate, so the scrape or remote write can be intercepted. Give the CA with `ca_file` instead.'),
  c('prometheus/inline-secret', 'warning', 'password or token written inline', 'A password, bearer token or client secret in the config file ends up in version control and in every copy of the file. Use the `*_file` variant (`password_file`, `credentials_file`, `bearer_token_file`, `client_secret_file`).'),
  c('alertmanager/undefined-receiver', 'error', 'route names a receiver that is not defined', 'Alertmanager refuses a configuration whose routes name a receiver missing from `receivers`: define it, or route to one that exists.'),
  c('alertmanager/root-route-without-receiver', 'error', 'root route without a receiver', 'The top-level route must name a default receiver; Alertmanager refuses the configuration otherwise. Child routes inherit it.'),
  c('alertmanager/inline-secret', 'warning', 'receiver secret written inline', 'API URLs, keys, tokens and passwords of receivers (Slack webhook URLs, PagerDuty keys, SMTP passwords) written inline end up in version control. Use the `*_file` variants (`api_url_file`, `routing_key_file`, `auth_password_file`, `password_file`, `credentials_file`).'),
  c('alertmanager/inhibit-never-matches', 'warning', 'inhibit rule that can never match', 'The inhibit rule contradicts itself (two matchers on one label that cannot both hold, or `equal` on a label that source and target pin to different values), or matches an alert name or severity that no linted rule produces. It never inhibits anything.'),
  c('dashboard/datasource-not-templated', 'warning', 'panel datasource hard-coded', 'A datasource written as a fixed uid or name breaks when the dashboard is imported into another Grafana. Use a datasource template variable (`${datasource}`) or the provisioned default.'),
  c('dashboard/panel-without-unit', 'info', 'data panel without a unit', 'Without `fieldConfig.defaults.unit` Grafana shows bare numbers: 0.25 could be a ratio, seconds or a percentage. Set the unit.'),
  c('dashboard/panel-without-title', 'warning', 'data panel without a title', 'A panel without a title cannot be told apart in the dashboard, in alerts that link to it or in the panel search.'),
  c('dashboard/rate-interval', 'warning', 'rate in a dashboard without $__rate_interval', 'A fixed range (`[1m]`) breaks when the dashboard\'s step grows past it or the scrape interval changes, and `$__interval` can be shorter than two scrapes. `$__rate_interval` is always at least four scrape intervals and follows the zoom.'),
  c('dashboard/duplicate-panel-id', 'warning', 'two panels with the same id', 'Panel ids identify panels in links, in alert annotations and in the library; Grafana silently renumbers duplicates, which breaks them.'),
  c('dashboard/overlapping-panels', 'warning', 'panels overlap on the grid', 'Two panels\' gridPos rectangles overlap: Grafana pushes one of them down, so the layout on screen is not the one in the file.'),
  c('fluentbit/unknown-section', 'error', 'Fluent Bit section that does not exist', 'Fluent Bit (5.1) silently ignores a section (classic `[NAME]`, or a top-level YAML key) it does not know, so a misspelt `[OUTPT]` is an output that never exists and its records go nowhere.'),
  c('fluentbit/unknown-plugin', 'error', 'Fluent Bit plugin that does not exist', 'The `name` of an input, filter or output is not a Fluent Bit plugin; Fluent Bit refuses to start.'),
  c('fluentbit/unknown-property', 'warning', 'property the plugin does not have', 'The property is not one of the plugin\'s configuration keys (or of the keys every plugin takes), as Fluent Bit itself lists them (`fluent-bit -J`). Fluent Bit refuses to start with an unknown property.'),
  c('fluentbit/output-without-retry-limit', 'warning', 'output without retry_limit', 'Without `retry_limit` an output retries a failed chunk once and then drops it. Set `retry_limit` explicitly (a number, or `no_limits` together with filesystem buffering) so the loss behaviour is a decision.'),
  c('fluentbit/output-without-buffering', 'warning', 'output whose inputs buffer in memory without limit', 'None of the inputs this output reads sets `mem_buf_limit` or `storage.type filesystem`: when the destination is down, records pile up in memory until Fluent Bit is killed, and then they are lost.'),
  c('fluentbit/undefined-parser', 'error', 'parser referenced but not defined', 'An input or filter names a parser that is defined neither in the config nor in a parsers file it loads. Fluent Bit logs `parser \'x\' is not registered` and runs the input without it, so records arrive unparsed.'),
  c('fluentbit/match-without-input', 'warning', 'match pattern that matches no input', 'The `match` (or `match_regex`) of a filter or output matches the tag of no input, so it never receives a record.'),
  c('fleet/invalid', 'error', 'fleet file that does not validate', 'The inferwatch fleet file breaks the fleet format (an unknown field, a wrong type, a duplicate name or port); `inferwatch validate` reports the same problems.'),
  c('fleet/node-without-target', 'warning', 'fleet node that no scrape target covers', 'A node of the fleet (given with --fleet) appears in no scrape target of the linted Prometheus config or file_sd files: nothing observes it.'),
  c('fleet/runtime-not-in-fleet', 'warning', 'alert on a runtime the fleet does not run', 'The rule queries metrics of a model-server runtime that no server of the fleet (given with --fleet) runs; it can never fire.'),
  c('fleet/unknown-server', 'warning', 'dashboard or rule for a node or server that does not exist', 'A query pins `node` or `server` to a value that is not a node or server of the fleet (given with --fleet): the panel stays empty.'),
] as const satisfies readonly CheckInfo[]

export type CheckId = (typeof CHECKS)[number]['id']

const BY_ID = new Map<string, CheckInfo>(CHECKS.map((check) => [check.id, check]))

export function checkInfo(id: string): CheckInfo | undefined {
  return BY_ID.get(id)
}

export function isCheckId(id: string): id is CheckId {
  return BY_ID.has(id)
}
