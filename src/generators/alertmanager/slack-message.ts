/**
 * Slack message templates (Alertmanager Go templates). Alerts are grouped by alertname, node and
 * server, so the group's common annotations normally carry the summary and runbook; the text falls
 * back to each alert's own summary when they differ.
 */
export const SLACK_MESSAGE = {
  color: '{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}',
  text: [
    '{{ with .CommonAnnotations.summary }}*{{ . }}*',
    '{{ end }}{{ range .Alerts }}{{ if not $.CommonAnnotations.summary }}*{{ .Annotations.summary }}*',
    '{{ end }}{{ .Annotations.description }}',
    '{{ end }}{{ with .CommonAnnotations.runbook_url }}Runbook: {{ . }}{{ end }}',
  ].join('\n'),
  title:
    '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}' +
    '{{ with .CommonLabels.severity }} ({{ . }}){{ end }}{{ with .CommonLabels.node }} on {{ . }}{{ end }}{{ with .CommonLabels.server }} / {{ . }}{{ end }}',
  titleLink: '{{ .CommonAnnotations.runbook_url }}',
} as const
