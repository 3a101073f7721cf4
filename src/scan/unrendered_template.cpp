#include "scan/unrendered_template.h"

#include <set>
#include <string>

#include "document/template_heuristic.h"

namespace greenlight::scan {
namespace {

// " (unrendered template, heuristic)", or for a switch "(unrendered template, heuristic; the
// template picks policy/v1 or policy/v1beta1 at render time: if .Capabilities...)".
std::string Qualifier(const document::TemplateObjectGuess& guess) {
  std::string out = std::string(" (") + kUnrenderedSuffix;
  if (guess.api_versions.size() > 1) {
    out += "; the template picks ";
    for (size_t i = 0; i < guess.api_versions.size(); ++i) {
      if (i > 0) out += i + 1 == guess.api_versions.size() ? " or " : ", ";
      out += guess.api_versions[i].text;
    }
    out += " at render time";
    if (!guess.condition.empty()) out += ": if " + guess.condition;
  }
  return out + ")";
}

}  // namespace

void CheckUnrenderedTemplate(const document::ParsedStream& stream, std::string_view text,
                             std::string_view file, const checks::ApiCheck& api_check,
                             std::vector<checks::Finding>& out) {
  std::set<int> unparsed;
  for (const Status& error : stream.errors) {
    if (error.location()) unparsed.insert(error.location()->document);
  }
  if (unparsed.empty()) return;
  for (const document::TemplateObjectGuess& guess : document::GuessTemplateObjects(text)) {
    if (!unparsed.contains(guess.document)) continue;
    const std::string qualifier = Qualifier(guess);
    for (const document::TemplateLiteral& api_version : guess.api_versions) {
      for (const document::TemplateLiteral& kind : guess.kinds) {
        checks::Finding identity;
        identity.location = Location{std::string(file), api_version.mark.line,
                                     api_version.mark.column, guess.document};
        identity.api_version = api_version.text;
        identity.kind = kind.text;
        identity.unrendered_template = true;
        const size_t before = out.size();
        api_check.RunOnIdentity(std::move(identity), out);
        if (out.size() == before) continue;
        out.back().message += qualifier;
      }
    }
  }
}

}  // namespace greenlight::scan
