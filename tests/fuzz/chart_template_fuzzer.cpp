// The chart overlay's template editor (chart_overlay.h, text_patch.h, yaml_lines.h) on any chart
// text. The input is one chart: its first part is templates/t.yaml, and a line `#file: PATH`
// starts another file (values.yaml, templates/_helpers.tpl, ...). Helm cannot run in-process, so
// the renderer here is a small stand-in: template files are printed with their `# Source:` line,
// lines that hold only actions are dropped and every other action prints `x` (an unclosed action
// is a render error, as helm's would be). That is enough to drive the real editor: the original
// renders, the objects the catalog moves are converted, their edit scripts are replayed on the
// template text, and the new chart is rendered again for the proof.
// Invariants: no crash; every error and manual item names the chart, manual items point at a
// line of their file; a template the editor rewrote still renders to YAML that parses when the
// original did (the editor never writes broken YAML), and a template without actions that it
// rewrote still parses as YAML itself.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/api_catalog.h"
#include "document/parser.h"
#include "fuzz_support.h"
#include "overlay/chart_overlay.h"

using namespace greenlight;

namespace {

constexpr std::string_view kChart = "fuzzchart";

// "#file: values.yaml" lines split the input into chart files; the first part is the template.
overlay::ChartFiles SplitChart(std::string_view bytes) {
  overlay::ChartFiles files;
  std::string path = "templates/t.yaml";
  std::string body;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t end = bytes.find('\n', pos);
    size_t next = end == std::string_view::npos ? bytes.size() : end + 1;
    std::string_view line = bytes.substr(pos, next - pos);
    if (line.starts_with("#file: ")) {
      files[path] += body;
      body.clear();
      path = std::string(line.substr(7));
      while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
      if (path.empty()) path = "templates/empty.yaml";
    } else {
      body += line;
    }
    pos = next;
  }
  files[path] += body;
  files.emplace("Chart.yaml", "apiVersion: v2\nname: fuzzchart\nversion: 0.1.0\n");
  return files;
}

// What `include "name"` prints in the stand-in: the helper's body when it is one plain line (an
// apiVersion helper), else `x`.
std::string IncludedText(std::string_view action, const overlay::ChartFiles& files) {
  size_t verb = action.find("include \"");
  if (verb == std::string_view::npos) return "x";
  size_t close = action.find('"', verb + 9);
  if (close == std::string_view::npos) return "x";
  const std::string define = "define \"" + std::string(action.substr(verb + 9, close - verb - 9)) + "\"";
  for (const auto& [path, text] : files) {
    size_t at = text.find(define);
    if (at == std::string::npos) continue;
    size_t body = text.find("}}", at);
    size_t end = body == std::string::npos ? body : text.find("{{", body);
    if (end == std::string::npos) return "x";
    std::string_view plain = std::string_view(text).substr(body + 2, end - body - 2);
    size_t first = plain.find_first_not_of(" \t\r\n"), last = plain.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "x";
    plain = plain.substr(first, last - first + 1);
    return plain.find('\n') == std::string_view::npos ? std::string(plain) : "x";
  }
  return "x";
}

// One template's text with its actions rendered the stand-in way; nullopt when an action is open.
std::optional<std::string> RenderTemplate(std::string_view text, const overlay::ChartFiles& files) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(pos, next - pos);
    std::string printed;
    bool only_actions = true;
    size_t at = 0;
    while (at < line.size()) {
      size_t open = line.find("{{", at);
      std::string_view plain = line.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at);
      printed += plain;
      if (plain.find_first_not_of(" \t\r\n") != std::string_view::npos) only_actions = false;
      if (open == std::string_view::npos) break;
      size_t close = line.find("}}", open + 2);
      if (close == std::string_view::npos) return std::nullopt;  // actions spanning lines: not here
      printed += IncludedText(line.substr(open + 2, close - open - 2), files);
      at = close + 2;
    }
    if (!only_actions || line.find("{{") == std::string_view::npos) out += printed;
    pos = next;
  }
  return out;
}

StatusOr<std::string> Render(const overlay::ChartFiles& files, const std::string&, const Version&) {
  std::string out;
  for (const auto& [path, text] : files) {
    if (!path.starts_with("templates/") || path.find("/_") != std::string::npos) continue;
    std::optional<std::string> rendered = RenderTemplate(text, files);
    if (!rendered) return Status(StatusCode::kInvalidArgument, path + ": unclosed template action");
    out += "---\n# Source: " + std::string(kChart) + "/" + path + "\n" + *rendered;
    if (!out.ends_with("\n")) out += "\n";
  }
  return out;
}

bool ParsesClean(const std::string& text, const overlay::ChartFiles& files, bool render) {
  std::optional<std::string> rendered = render ? RenderTemplate(text, files) : std::optional<std::string>(text);
  if (!rendered) return false;
  return document::ParseStream(*rendered, "t.yaml", false).errors.empty();
}

size_t LineCount(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const catalog::ApiCatalog kCatalog = catalog::LoadEmbeddedCatalog().value();
  const std::string bytes = fuzz::Bytes(data, size);
  const overlay::ChartFiles chart = SplitChart(bytes);
  overlay::ChartOverlayOptions options;
  options.from = Version(1, 21);
  options.convert.target = Version(1, 29);
  options.convert.include_deprecated = true;
  options.convert.ingress_class_field = size % 2 == 0;
  options.dual = size % 3 == 0;  // both modes over the corpus, without doubling the work
  options.remove_unreplaceable = size % 5 == 0;
  overlay::ChartOverlayResult result = overlay::BuildChartOverlay(chart, std::string(kChart), kCatalog, options, Render);

  for (const Status& error : result.errors) {
    bool located = error.location().has_value() && error.location()->file.starts_with(kChart);
    fuzz::Require(located || error.message().find(kChart) != std::string::npos, "error does not name the chart",
                  error.ToString());
  }
  for (const overlay::ManualItem& item : result.manual) {
    const std::string prefix = std::string(kChart) + "/";
    fuzz::Require(item.location.file.starts_with(prefix), "manual item does not name a chart file", item.what);
    auto file = chart.find(item.location.file.substr(prefix.size()));
    fuzz::Require(file != chart.end(), "manual item names a file the chart does not hold", item.location.file);
    fuzz::Require(item.location.line >= 1 && item.location.line <= LineCount(file->second),
                  "manual item points past its file", item.location.file + ":" + std::to_string(item.location.line));
  }
  for (const std::string& path : result.templates_changed) {
    auto before = chart.find(path);
    auto after = result.files.find(path);
    if (before == chart.end() || after == result.files.end()) continue;
    if (ParsesClean(before->second, chart, true)) {
      fuzz::Require(ParsesClean(after->second, result.files, true), "a rewritten template no longer renders to valid YAML",
                    after->second.substr(0, 2000));
    }
    if (before->second.find("{{") == std::string::npos && ParsesClean(before->second, chart, false)) {
      fuzz::Require(ParsesClean(after->second, result.files, false) || after->second.find("{{") != std::string::npos,
                    "a rewritten plain template does not parse", after->second.substr(0, 2000));
    }
  }
  return 0;
}
