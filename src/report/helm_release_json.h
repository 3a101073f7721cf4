// File: src/report/helm_release_json.h
// The `helmRelease` object of JSON and SARIF findings read from a Helm release record: which
// release, revision and chart to fix with `helm upgrade`.
#pragma once

#include <nlohmann/json.hpp>

#include "checks/finding.h"

namespace greenlight::report {

inline nlohmann::ordered_json HelmReleaseJson(const checks::HelmReleaseRef& r) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); };
  return {{"name", r.name},           {"namespace", r.namespace_name}, {"revision", r.revision},
          {"status", r.status},       {"chart", or_null(r.chart)},     {"chartVersion", or_null(r.chart_version)},
          {"appVersion", or_null(r.app_version)}, {"storage", r.storage}, {"record", r.record}};
}

}  // namespace greenlight::report
