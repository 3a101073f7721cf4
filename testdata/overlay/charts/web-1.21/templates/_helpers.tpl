{{/* Full name of the release's objects. */}}
{{- define "web.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "web.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The Ingress API this chart was written for. */}}
{{- define "web.ingress.apiVersion" -}}
networking.k8s.io/v1beta1
{{- end }}

{{- define "web.pdb.apiVersion" -}}
{{- print "policy/v1beta1" -}}
{{- end }}
