{{/*
Expand the name of the chart.
*/}}
{{- define "shop-web.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name, truncated to 63 characters (DNS label limit).
*/}}
{{- define "shop-web.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "shop-web.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "shop-web.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shop-web.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "shop-web.labels" -}}
helm.sh/chart: {{ include "shop-web.chart" . }}
{{ include "shop-web.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.clusterName }}
example.com/cluster: {{ . }}
{{- end }}
{{- end }}

{{/*
external-dns annotations for the weighted Route53 record.
*/}}
{{- define "shop-web.dnsAnnotations" -}}
external-dns.alpha.kubernetes.io/hostname: {{ .Values.dns.hostname }}
external-dns.alpha.kubernetes.io/ttl: {{ .Values.dns.ttl | quote }}
{{- with .Values.dns.setIdentifier }}
external-dns.alpha.kubernetes.io/set-identifier: {{ . }}
{{- end }}
{{- with .Values.dns.awsWeight }}
external-dns.alpha.kubernetes.io/aws-weight: {{ . | quote }}
{{- end }}
{{- end }}
