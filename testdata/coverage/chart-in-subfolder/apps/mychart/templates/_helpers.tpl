{{- define "mychart.name" -}}{{ .Release.Name }}-archiver{{- end -}}
