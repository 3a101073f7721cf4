#include "render/rendered_output.h"

#include <map>

#include "base/file_io.h"
#include "document/parser.h"

namespace greenlight::render {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSourcePrefix = "# Source: ";
constexpr std::string_view kOriginKey = "config.kubernetes.io/origin:";

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool IsSeparator(const std::string& line) { return line == "---" || line.starts_with("--- "); }

// The documents of a stream as lists of lines, separators dropped, empty documents skipped.
std::vector<std::vector<std::string>> SplitDocuments(const std::string& output) {
  std::vector<std::vector<std::string>> docs(1);
  for (std::string& line : SplitLines(output)) {
    if (IsSeparator(line)) {
      docs.emplace_back();
    } else {
      docs.back().push_back(std::move(line));
    }
  }
  std::erase_if(docs, [](const auto& doc) {
    for (const std::string& line : doc) {
      if (!line.empty() && !line.starts_with("#")) return false;
    }
    return true;
  });
  return docs;
}

std::string Unquoted(std::string value) {
  value.erase(0, value.find_first_not_of(' '));
  while (!value.empty() && value.back() == ' ') value.pop_back();
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// The top-level apiVersion and metadata.name of a rendered document (tools write them plainly).
std::pair<std::string, std::string> IdentityOf(const std::vector<std::string>& doc) {
  std::string api_version, name;
  bool in_metadata = false;
  for (const std::string& line : doc) {
    if (line.starts_with("apiVersion:")) {
      std::string value = line.substr(11);
      value.erase(0, value.find_first_not_of(' '));
      api_version = Unquoted(value);
    }
    if (!line.empty() && line[0] != ' ') in_metadata = line.starts_with("metadata:");
    if (in_metadata && name.empty() && line.starts_with("  name:")) name = Unquoted(line.substr(8));
  }
  return {api_version, name};
}

// Where an apiVersion is written in a source file: 1-based line, and the column of its value
// (0 when the line has no value after the key, or nothing was found).
struct SourcePosition {
  uint32_t line = 0;
  uint32_t column = 0;
};

SourcePosition PositionOfApiVersion(const std::vector<std::string>& lines, uint32_t line) {
  if (line == 0) return {};
  const std::string& text = lines[line - 1];
  size_t value = text.find_first_not_of(' ', text.find("apiVersion:") + 11);
  if (value == std::string::npos || text[value] == '#') return {line, 0};
  return {line, static_cast<uint32_t>(value + 1)};
}

// The apiVersion of a source file's lines (see FindApiVersionLine).
SourcePosition FindApiVersionIn(const std::vector<std::string>& lines, const std::string& api_version,
                                const std::string& name) {
  std::vector<uint32_t> exact;
  uint32_t first_any = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t start = lines[i].find("apiVersion:");
    if (start == std::string::npos || lines[i].find_first_not_of(' ') != start) continue;
    if (first_any == 0) first_any = static_cast<uint32_t>(i + 1);
    std::string value = lines[i].substr(start + 11);
    value.erase(0, value.find_first_not_of(' '));
    if (!api_version.empty() && Unquoted(value) == api_version) exact.push_back(static_cast<uint32_t>(i + 1));
  }
  if (exact.size() > 1 && !name.empty()) {
    for (uint32_t line : exact) {
      for (size_t j = line; j < lines.size() && !IsSeparator(lines[j]); ++j) {
        size_t key = lines[j].find("name:");
        if (key != std::string::npos && lines[j].find_first_not_of(' ') == key &&
            Unquoted(lines[j].substr(key + 5)) == name) {
          return PositionOfApiVersion(lines, line);
        }
      }
    }
  }
  return PositionOfApiVersion(lines, exact.empty() ? first_any : exact.front());
}

// Source files read and split once per output, however many documents come from each.
class SourceCache {
 public:
  const std::vector<std::string>& Lines(const fs::path& file) {
    auto it = lines_.find(file);
    if (it == lines_.end()) {
      StatusOr<std::string> text = ReadFileToString(file, file.string());
      it = lines_.emplace(file, SplitLines(text.ok() ? *text : std::string())).first;
    }
    return it->second;
  }

  SourcePosition PositionOf(const fs::path& file, const std::vector<std::string>& doc) {
    auto [api_version, name] = IdentityOf(doc);
    return FindApiVersionIn(Lines(file), api_version, name);
  }

  // The line where a top-level `key:` is written, 0 when absent.
  uint32_t LineOfKey(const fs::path& file, const std::string& key) {
    const std::vector<std::string>& lines = Lines(file);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!key.empty() && lines[i].starts_with(key + ":")) return static_cast<uint32_t>(i + 1);
    }
    return 0;
  }

 private:
  std::map<fs::path, std::vector<std::string>> lines_;
};

struct Grouped {
  std::vector<RenderedFile> files;
  std::map<std::string, size_t> index;

  RenderedFile& For(const std::string& display_path, const RenderUnit& unit) {
    auto [it, added] = index.emplace(display_path, files.size());
    if (added) {
      files.push_back(RenderedFile{display_path, "", {}, {}, unit.label, {}, unit.destination_namespace});
    }
    return files[it->second];
  }
};

// Documents keep helm's own "# Source:" line (the template, as the finding's `template`).
// A position that was not found points at the file's first line, with no column.
void Append(RenderedFile& file, const std::vector<std::string>& doc, SourcePosition at) {
  if (!file.text.empty()) file.text += "---\n";
  for (const std::string& line : doc) file.text += line + "\n";
  file.source_lines.push_back(at.line == 0 ? 1 : at.line);
  file.source_columns.push_back(at.line == 0 ? 0 : at.column);
}

// Removes the origin annotation (and an annotations mapping it leaves empty); returns its text.
std::string TakeOrigin(std::vector<std::string>& doc) {
  std::string origin;
  for (size_t i = 0; i < doc.size(); ++i) {
    size_t indent = doc[i].find_first_not_of(' ');
    if (indent == std::string::npos || doc[i].compare(indent, kOriginKey.size(), kOriginKey) != 0) continue;
    size_t end = i + 1;
    while (end < doc.size() && (doc[end].find_first_not_of(' ') == std::string::npos ||
                                doc[end].find_first_not_of(' ') > indent)) {
      origin += doc[end] + "\n";
      ++end;
    }
    doc.erase(doc.begin() + static_cast<long>(i), doc.begin() + static_cast<long>(end));
    if (i > 0 && doc[i - 1].ends_with("annotations:")) {
      size_t parent = doc[i - 1].find_first_not_of(' ');
      bool empty = i >= doc.size() || doc[i].find_first_not_of(' ') <= parent;
      if (empty) doc.erase(doc.begin() + static_cast<long>(i - 1));
    }
    break;
  }
  return origin;
}

std::string OriginField(const std::string& origin, std::string_view key) {
  for (const std::string& line : SplitLines(origin)) {
    size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, key.size(), key) == 0) {
      return Unquoted(line.substr(start + key.size()));
    }
  }
  return "";
}

// The dependency of `chart` that helm names `alias_or_name` in "# Source:" (an alias from
// Chart.yaml, else the chart's name), as a folder or packaged .tgz under charts/; "" when absent.
fs::path DependencyPath(const fs::path& chart, const std::string& alias_or_name) {
  std::error_code ec;
  std::string name = alias_or_name;
  StatusOr<std::string> chart_yaml = ReadFileToString(chart / "Chart.yaml", (chart / "Chart.yaml").string());
  if (chart_yaml.ok()) {
    StatusOr<document::Document> doc = document::ParseSingleDocument(std::move(chart_yaml).value(), "Chart.yaml");
    const document::Node* deps = doc.ok() && doc->root() != nullptr ? doc->root()->Get("dependencies") : nullptr;
    for (const document::Node* dep : deps != nullptr && deps->IsSequence() ? deps->items() : std::vector<const document::Node*>{}) {
      const document::Node* alias = dep->IsMapping() ? dep->Get("alias") : nullptr;
      const document::Node* dep_name = dep->IsMapping() ? dep->Get("name") : nullptr;
      if (alias != nullptr && dep_name != nullptr && alias->scalar() == alias_or_name) name = dep_name->scalar();
    }
  }
  if (fs::is_directory(chart / "charts" / name, ec)) return chart / "charts" / name;
  for (auto it = fs::directory_iterator(chart / "charts", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (file.starts_with(name + "-") && file.ends_with(".tgz")) return it->path();
  }
  return {};
}

// The repository file of a template path relative to `chart` ("templates/x.yaml", or
// "charts/<alias>/templates/x.yaml" for a subchart). A subchart under an alias lives in the
// folder of its real name; a packaged one (.tgz) is named by its archive.
fs::path SubchartFile(const fs::path& chart, const std::string& relative) {
  fs::path local = (chart / relative).lexically_normal();
  std::error_code ec;
  if (fs::exists(local, ec) || !relative.starts_with("charts/")) return local;
  const size_t end = relative.find('/', 7);
  if (end == std::string::npos) return local;
  fs::path dependency = DependencyPath(chart, relative.substr(7, end - 7));
  if (dependency.empty()) return local;
  if (dependency.extension() == ".tgz") return dependency;
  return SubchartFile(dependency, relative.substr(end + 1));
}

// The kustomization key of the builtin generator named in an origin's configuredBy.kind.
std::string GeneratorKey(const std::string& kind) {
  if (kind == "HelmChartInflationGenerator") return "helmCharts";
  if (kind == "ConfigMapGenerator") return "configMapGenerator";
  if (kind == "SecretGenerator") return "secretGenerator";
  return "";
}

}  // namespace

uint32_t FindApiVersionLine(const std::string& source_text, const std::string& api_version, const std::string& name) {
  return FindApiVersionIn(SplitLines(source_text), api_version, name).line;
}


std::vector<RenderedFile> SplitHelmOutput(const std::string& output, const RenderUnit& unit,
                                          const DisplayName& display) {
  const fs::path chart = fs::absolute(fs::path(unit.root) / unit.path).lexically_normal();
  Grouped grouped;
  SourceCache sources;
  for (const auto& doc : SplitDocuments(output)) {
    fs::path local = chart;
    for (const std::string& line : doc) {
      if (!line.starts_with(kSourcePrefix)) continue;
      std::string source = line.substr(kSourcePrefix.size());
      size_t slash = source.find('/');  // drop the chart name: the rest is relative to the chart
      local = SubchartFile(chart, slash == std::string::npos ? source : source.substr(slash + 1));
      break;
    }
    Append(grouped.For(display(local), unit), doc, sources.PositionOf(local, doc));
  }
  return std::move(grouped.files);
}

std::vector<RenderedFile> SplitKustomizeOutput(const std::string& output, const RenderUnit& unit,
                                               const fs::path& wrapper_dir, const DisplayName& display) {
  const fs::path kustomization = fs::absolute(fs::path(unit.root) / unit.path).lexically_normal();
  Grouped grouped;
  SourceCache sources;
  for (auto& doc : SplitDocuments(output)) {
    std::string origin = TakeOrigin(doc);
    std::string path = OriginField(origin, "path:");
    std::string configured_in = OriginField(origin, "configuredIn:");
    fs::path local = kustomization;
    SourcePosition at;
    if (!path.empty()) {
      local = (wrapper_dir / path).lexically_normal();
      at = sources.PositionOf(local, doc);
    } else if (!configured_in.empty()) {
      // Generated (helmCharts, configMapGenerator, ...): point at the generator's entry, a line
      // with no apiVersion, so no column.
      local = (wrapper_dir / configured_in).lexically_normal();
      at.line = sources.LineOfKey(local, GeneratorKey(OriginField(origin, "kind:")));
    }
    Append(grouped.For(display(local), unit), doc, at);
  }
  return std::move(grouped.files);
}

}  // namespace greenlight::render
