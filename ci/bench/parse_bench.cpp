// Parser benchmark: parses every YAML/JSON file under a directory with each document backend and
// prints MB/s and documents/s, single-threaded (parse + tree + object extraction). Then it checks
// that the fast path gives libyaml's tree for every document (type, style, tag, value, line,
// column) and prints how often, and why, the fast path left a document to libyaml.
// Exit 1 when a tree differs.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "document/object.h"
#include "document/parser.h"

using greenlight::document::FastPathStats;
using greenlight::document::Node;
using greenlight::document::ParsedStream;
using greenlight::document::ParserBackend;

namespace {

struct Input {
  std::string path;
  std::string text;
  bool json;
};

// First difference between two trees, or "" when identical.
std::string Difference(const Node* a, const Node* b, const std::string& path) {
  if ((a == nullptr) != (b == nullptr)) return path + ": one tree is empty";
  if (a == nullptr) return "";
  auto where = [&](const Node* n) { return std::to_string(n->mark().line) + ":" + std::to_string(n->mark().column); };
  if (a->type() != b->type() || a->mark().line != b->mark().line || a->mark().column != b->mark().column ||
      a->tag() != b->tag() || a->size() != b->size()) {
    return path + ": node differs (fast " + where(a) + ", libyaml " + where(b) + ")";
  }
  if (a->IsScalar()) {
    if (a->scalar() != b->scalar() || a->style() != b->style()) return path + ": scalar differs at " + where(a);
    return "";
  }
  for (size_t i = 0; i < a->size(); ++i) {
    std::string d = a->IsMapping()
                        ? Difference(a->entries()[i].first, b->entries()[i].first, path + ".<key>") +
                              Difference(a->entries()[i].second, b->entries()[i].second,
                                         path + "." + a->entries()[i].first->scalar())
                        : Difference(a->items()[i], b->items()[i], path + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  return "";
}

void Time(const std::vector<Input>& inputs, size_t bytes, ParserBackend backend, const char* name) {
  auto start = std::chrono::steady_clock::now();
  size_t documents = 0, objects = 0, errors = 0;
  for (const auto& in : inputs) {
    ParsedStream stream = greenlight::document::ParseStream(in.text, in.path, in.json, backend);
    documents += stream.documents.size();
    errors += stream.errors.size();
    for (const auto& doc : stream.documents) objects += greenlight::document::ExtractObjects(doc).size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("  %-24s %7.1f MB  %6.2f s  %7.1f MB/s  %9.0f docs/s  (%zu documents, %zu objects, %zu errors)\n",
              name, bytes / 1e6, seconds, bytes / 1e6 / seconds, documents / seconds, documents, objects, errors);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: greenlight_bench_parse DIR [fast|libyaml|yaml-cpp|check]\n");
    return 2;
  }
  const std::string only = argc == 3 ? argv[2] : "";
  std::vector<Input> inputs;
  size_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || !(path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json"))) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::string raw(std::istreambuf_iterator<char>(in), {});
    auto text = greenlight::document::DecodeToUtf8(std::move(raw), path);
    if (!text.ok()) continue;
    bytes += text->size();
    inputs.push_back(Input{path, std::move(text).value(), path.ends_with(".json")});
  }
  for (auto [backend, name, key] : {std::tuple{ParserBackend::kFast, "fast path (+ fallback)", "fast"},
                                    std::tuple{ParserBackend::kLibyaml, "libyaml alone", "libyaml"},
                                    std::tuple{ParserBackend::kYamlCpp, "yaml-cpp (reference)", "yaml-cpp"}}) {
    if (only.empty() || only == key) Time(inputs, bytes, backend, name);
  }
  if (!only.empty() && only != "check") return 0;

  FastPathStats stats;
  size_t differences = 0;
  for (const auto& in : inputs) {
    ParsedStream fast = greenlight::document::ParseStream(in.text, in.path, in.json, ParserBackend::kFast);
    ParsedStream reference = greenlight::document::ParseStream(in.text, in.path, in.json, ParserBackend::kLibyaml);
    stats.Add(fast.fast_path);
    std::string d;
    if (fast.documents.size() != reference.documents.size() || fast.errors.size() != reference.errors.size()) {
      d = "document or error counts differ";
    }
    for (size_t i = 0; d.empty() && i < fast.documents.size(); ++i) {
      d = Difference(fast.documents[i].root(), reference.documents[i].root(), "#" + std::to_string(i));
    }
    if (!d.empty() && ++differences <= 20) std::printf("  DIFFERENT TREE %s %s\n", in.path.c_str(), d.c_str());
  }
  uint64_t total = stats.fast;
  for (uint64_t n : stats.declined) total += n;
  std::printf("  fast path took %llu of %llu documents (%.2f%%); %zu files with a different tree\n",
              static_cast<unsigned long long>(stats.fast), static_cast<unsigned long long>(total),
              total ? 100.0 * static_cast<double>(stats.fast) / static_cast<double>(total) : 0.0, differences);
  for (int i = 1; i < greenlight::document::kFastPathDeclineCount; ++i) {
    if (stats.declined[i] == 0) continue;
    std::printf("    declined: %-36s %8llu\n",
                greenlight::document::FastPathDeclineName(static_cast<greenlight::document::FastPathDecline>(i)),
                static_cast<unsigned long long>(stats.declined[i]));
  }
  return differences == 0 ? 0 : 1;
}
