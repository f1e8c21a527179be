/** File name of the notification templates; Alertmanager loads it through `templates:`. */
export const TEMPLATE_FILE = "monitoring.tmpl";

/**
 * Notification templates shared by every receiver: a title that says status, severity and alert, and a body that
 * quotes each alert's description and links its runbook.
 */
export const NOTIFICATION_TEMPLATES = `{{ define "monitoring.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.severity | toUpper }} {{ .CommonLabels.alertname }}{{ if .CommonLabels.service }} ({{ .CommonLabels.service }}){{ end }}
{{- end }}

{{ define "monitoring.text" -}}
{{ range .Alerts -}}
*{{ .Annotations.summary }}*{{ if .Labels.namespace }} in {{ .Labels.namespace }}{{ end }}
{{ .Annotations.description }}
Runbook: {{ .Annotations.runbook_url }}
{{ end -}}
{{- end }}

{{ define "monitoring.email.subject" }}{{ template "monitoring.title" . }}{{ end }}

{{ define "monitoring.email.html" -}}
<h3>{{ template "monitoring.title" . }}</h3>
{{ range .Alerts -}}
<p><b>{{ .Annotations.summary }}</b><br>{{ .Annotations.description }}<br>
<a href="{{ .Annotations.runbook_url }}">Runbook</a> &middot; started {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}</p>
{{ end -}}
{{- end }}

{{ define "monitoring.sms" }}{{ .CommonLabels.severity | toUpper }} {{ .CommonLabels.alertname }}: {{ .CommonAnnotations.summary }}{{ end }}
`;
