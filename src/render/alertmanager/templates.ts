/** File name of the notification templates; Alertmanager loads it through `templates:`. */
export const TEMPLATE_FILE = "monitoring.tmpl";

/**
 * Notification templates shared by every receiver: a title that says status, severity and alert, and a body that
 * quotes each alert's description and links its runbook. Only an absolute https:// `runbook_url` becomes a link: without
 * `runbookBaseUrl` it is a path in the exported artifacts, which a chat client or mailbox cannot open, so it is named
 * as such instead of sent as a dead link.
 */
export const NOTIFICATION_TEMPLATES = `{{ define "monitoring.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.severity | toUpper }} {{ .CommonLabels.alertname }}{{ if .CommonLabels.service }} ({{ .CommonLabels.service }}){{ end }}
{{- end }}

{{ define "monitoring.text" -}}
{{ range .Alerts -}}
*{{ .Annotations.summary }}*{{ if .Labels.namespace }} in {{ .Labels.namespace }}{{ end }}
{{ .Annotations.description }}
{{ template "monitoring.runbook" .Annotations.runbook_url }}
{{ end -}}
{{- end }}

{{ define "monitoring.runbook" -}}
{{ if match "^https://" . }}Runbook: {{ . }}{{ else if . }}Runbook: {{ . }} in the exported runbooks (no runbookBaseUrl set){{ end }}
{{- end }}

{{ define "monitoring.email.subject" }}{{ template "monitoring.title" . }}{{ end }}

{{ define "monitoring.email.html" -}}
<h3>{{ template "monitoring.title" . }}</h3>
{{ range .Alerts -}}
<p><b>{{ .Annotations.summary }}</b><br>{{ .Annotations.description }}<br>
{{ if match "^https://" .Annotations.runbook_url }}<a href="{{ .Annotations.runbook_url }}">Runbook</a>{{ else }}Runbook: {{ .Annotations.runbook_url }} in the exported runbooks{{ end }} &middot; started {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}</p>
{{ end -}}
{{- end }}

{{ define "monitoring.sms" }}{{ .CommonLabels.severity | toUpper }} {{ .CommonLabels.alertname }}: {{ .CommonAnnotations.summary }}{{ end }}
`;
