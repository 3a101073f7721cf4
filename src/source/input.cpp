#include "source/input.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <map>

#include "base/file_io.h"
#include "base/glob.h"
#include "base/timings.h"

namespace greenlight::source {
namespace fs = std::filesystem;

bool InputFile::is_json() const { return display_path.ends_with(".json"); }

bool HasManifestExtension(std::string_view name) {
  return name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
}

bool IsHelmTemplatePath(std::string_view path,
                        const std::function<bool(std::string_view)>& has_chart_yaml) {
  size_t pos = 0;
  while ((pos = path.find("templates/", pos)) != std::string_view::npos) {
    if (pos == 0 || path[pos - 1] == '/') {
      std::string_view parent = pos == 0 ? std::string_view() : path.substr(0, pos - 1);
      if (has_chart_yaml(parent)) return true;
    }
    pos += 1;
  }
  return false;
}

PassedOver::Reason NotListedReason(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return HasManifestExtension(lower) ? PassedOver::Reason::kUpperCaseExtension : PassedOver::Reason::kNotManifestName;
}

std::string_view PassedOverReason(PassedOver::Reason reason) {
  switch (reason) {
    case PassedOver::Reason::kNotManifestName: return "not a manifest (not .yaml, .yml or .json)";
    case PassedOver::Reason::kUpperCaseExtension: return "upper-case extension: only lower-case .yaml, .yml and .json are read";
    case PassedOver::Reason::kExcluded: return "excluded by --include/--exclude";
    case PassedOver::Reason::kUnchanged: return "unchanged since the merge base (--changed-only)";
    case PassedOver::Reason::kSymlinkedFolder: return "symlinked folder, not entered";
  }
  return "";
}

namespace {

std::string DisplayPath(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.starts_with("./")) s.erase(0, 2);
  return s.empty() ? "." : s;
}

bool Selected(const std::string& relative, const WalkOptions& options) {
  for (const auto& pattern : options.exclude) {
    if (GlobMatch(pattern, relative)) return false;
  }
  if (options.include.empty()) return true;
  return std::any_of(options.include.begin(), options.include.end(),
                     [&](const std::string& pattern) { return GlobMatch(pattern, relative); });
}

InputFile DiskFile(const fs::path& path, const ReadLimits& limits) {
  std::string display = DisplayPath(path);
  InputFile file;
  file.display_path = display;
  file.origin = "file";
  file.load = [path, display, limits] { return ReadFileToString(path, display, limits); };
  file.open = [path, display, limits] { return ChunkReader::OpenFile(path, display, limits); };
  return file;
}

void WalkDirectory(const fs::path& root, const WalkOptions& options, InputList& out) {
  std::vector<InputFile> found;
  std::map<std::string, bool, std::less<>> chart_dirs;
  auto has_chart_yaml = [&](std::string_view parent) {
    auto it = chart_dirs.find(parent);
    if (it == chart_dirs.end()) {
      std::error_code exists_ec;
      bool has = fs::exists(root / std::string(parent) / "Chart.yaml", exists_ec);
      it = chart_dirs.emplace(std::string(parent), has).first;
    }
    return it->second;
  };
  std::error_code ec;
  // Symlinked directories are not followed: the iterator's default, and what keeps it loop-free.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.errors.push_back(DataLoss("cannot read directory: " + ec.message(),
                                  Location{DisplayPath(root), 0, 0, -1}));
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.errors.push_back(DataLoss("cannot read directory: " + ec.message(),
                                    Location{DisplayPath(it->path()), 0, 0, -1}));
      ec.clear();
      continue;
    }
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    std::error_code type_ec;
    if (entry.is_directory(type_ec) && !entry.is_symlink(type_ec)) {
      if (name == ".git") it.disable_recursion_pending();
      continue;
    }
    if (entry.is_symlink(type_ec) && fs::is_directory(entry.path(), type_ec)) {
      out.passed_over.push_back({DisplayPath(entry.path()), PassedOver::Reason::kSymlinkedFolder});
      continue;
    }
    std::string relative = entry.path().lexically_relative(root).generic_string();
    if (!Selected(relative, options)) {
      out.passed_over.push_back({DisplayPath(entry.path()), PassedOver::Reason::kExcluded});
      continue;
    }
    if (!HasManifestExtension(name)) {
      out.passed_over.push_back({DisplayPath(entry.path()), NotListedReason(name)});
      continue;
    }
    // Only regular files are read in a walk (checked again, without blocking, when read): a
    // FIFO would block the scan forever and a device (a link to /dev/zero) never ends.
    ReadLimits limits{options.max_input_bytes, /*regular_file_only=*/true};
    found.push_back(DiskFile(entry.path(), limits));
    found.back().helm_template = IsHelmTemplatePath(relative, has_chart_yaml);
  }
  std::sort(found.begin(), found.end(),
            [](const InputFile& a, const InputFile& b) { return a.display_path < b.display_path; });
  std::sort(out.passed_over.begin(), out.passed_over.end(),
            [](const PassedOver& a, const PassedOver& b) { return a.path < b.path; });
  std::move(found.begin(), found.end(), std::back_inserter(out.files));
}

}  // namespace

std::string DisplayFolder(const std::string& path) {
  std::string s = DisplayPath(path);
  while (s.size() > 1 && s.ends_with('/')) s.pop_back();
  return s;
}

InputList ListInputs(const std::vector<std::string>& inputs, const WalkOptions& options) {
  timings::Scope timing("list inputs");
  InputList out;
  bool stdin_taken = false;
  for (const std::string& input : inputs) {
    if (input == "-") {
      if (stdin_taken) continue;
      stdin_taken = true;
      // Read when scanned (helm and kubectl children get /dev/null, never this stdin).
      const uint64_t max_bytes = options.max_input_bytes;
      InputFile stdin_file;
      stdin_file.display_path = "-";
      stdin_file.origin = "stdin";
      stdin_file.load = [max_bytes] { return ReadFdToString(STDIN_FILENO, "-", max_bytes); };
      stdin_file.open = [max_bytes]() -> StatusOr<std::unique_ptr<ChunkReader>> {
        return ChunkReader::ForFd(STDIN_FILENO, "-", max_bytes);
      };
      out.files.push_back(std::move(stdin_file));
      continue;
    }
    fs::path path(input);
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
      out.errors.push_back(NotFound(dangling ? "dangling symlink" : "no such file or directory",
                                    Location{DisplayPath(path), 0, 0, -1}));
      continue;
    }
    if (fs::is_directory(status)) {
      WalkDirectory(path, options, out);
    } else {
      out.files.push_back(DiskFile(path, ReadLimits{options.max_input_bytes, /*regular_file_only=*/false}));
    }
  }
  return out;
}

}  // namespace greenlight::source
