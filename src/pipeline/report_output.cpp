#include "pipeline/report_output.h"

#include <nlohmann/json.hpp>

namespace greenlight::pipeline {

const std::vector<std::string>& ScanFormats() {
  static const std::vector<std::string> kFormats = {"text", "json", "sarif", "junit", "github", "markdown"};
  return kFormats;
}

namespace {

std::string RenderReport(const std::string& format, const PipelineResult& outcome,
                         const report::ReportContext& context, bool color, const std::string& link_base) {
  const auto& findings = outcome.result.findings;
  if (format == "sarif") return report::WriteSarif(findings, context);
  if (format == "github") return report::WriteGithub(findings, context);
  if (format == "markdown") return report::WriteMarkdown(findings, context, {link_base});
  if (format == "junit") {
    std::vector<report::CheckedObject> objects;
    objects.reserve(outcome.result.objects.size());
    for (const scan::CheckedObject& o : outcome.result.objects) {
      objects.push_back({o.location, o.item, o.api_version, o.kind, o.namespace_name, o.name});
    }
    return report::WriteJUnit(findings, objects, context);
  }
  const auto& comparison = context.comparison;
  if (format == "json") {
    std::string text = report::WriteJson(findings, context);
    if (!comparison) return text;
    // The comparison counts join the JSON contract's summary without changing anything else.
    auto root = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return text;
    nlohmann::ordered_json fixed = nlohmann::ordered_json::array();
    for (const auto& f : comparison->fixed) {
      fixed.push_back({{"ruleId", f.rule_id}, {"file", f.location.file}, {"line", f.location.line},
                       {"apiVersion", f.api_version}, {"kind", f.kind}, {"namespace", f.namespace_name},
                       {"name", f.name}, {"fingerprint", f.fingerprint}});
    }
    root["comparison"] = {{"against", comparison->against}, {"new", comparison->new_count},
                          {"fixed", comparison->fixed_count}, {"unchanged", comparison->unchanged_count},
                          {"fixedFindings", fixed}};
    return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string text = report::WriteText(findings, context, {color});
  if (comparison) {
    text += "Compared with " + comparison->against + ": " + std::to_string(comparison->new_count) +
            " new, " + std::to_string(comparison->fixed_count) + " fixed, " +
            std::to_string(comparison->unchanged_count) + " unchanged (only new findings are listed).\n";
    for (const auto& f : comparison->fixed) {
      text += "  fixed: " + f.rule_id + " " + f.api_version + " " + f.kind + " " +
              (f.namespace_name.empty() ? "" : f.namespace_name + "/") + f.name + " (was " +
              f.location.ToString() + ")\n";
    }
  }
  return text;
}

}  // namespace

Status WriteReport(const std::string& format, const PipelineResult& outcome, const report::ReportContext& context,
                   bool color, const std::string& link_base, TextSink& sink) {
  // The usual big reports, streamed; a comparison is spliced into the JSON once it is made.
  if (format == "json" && !context.comparison) return report::WriteJson(outcome.result.findings, context, sink);
  if (format == "text" && !context.comparison) {
    return report::WriteText(outcome.result.findings, context, {color}, sink);
  }
  return sink.Write(RenderReport(format, outcome, context, color, link_base));
}

}  // namespace greenlight::pipeline
