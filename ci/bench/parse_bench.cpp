// Parser micro-benchmark: parses every file of a directory with each document backend and
// prints MB/s and documents/s, single-threaded. The libyaml fast path must be the faster one and
// produce the same number of documents and objects as the yaml-cpp reference.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "document/object.h"
#include "document/parser.h"

using greenlight::document::ParserBackend;

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: greenlight_bench_parse DIR [libyaml|yaml-cpp]\n");
    return 2;
  }
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::string text(std::filesystem::file_size(entry.path()), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    texts.push_back(std::move(text));
    bytes += texts.back().size();
  }
  for (auto [backend, name] : {std::pair{ParserBackend::kLibyaml, "libyaml (fast path)"},
                               std::pair{ParserBackend::kYamlCpp, "yaml-cpp (reference)"}}) {
    if (argc == 3 && std::string(argv[2]) != (backend == ParserBackend::kLibyaml ? "libyaml" : "yaml-cpp")) {
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    size_t documents = 0, objects = 0, errors = 0;
    for (const auto& text : texts) {
      auto stream = greenlight::document::ParseStream(text, "bench.yaml", false, backend);
      documents += stream.documents.size();
      errors += stream.errors.size();
      for (const auto& doc : stream.documents) objects += greenlight::document::ExtractObjects(doc).size();
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("  %-22s %7.1f MB  %6.2f s  %7.1f MB/s  %9.0f docs/s  (%zu documents, %zu objects, %zu errors)\n",
                name, bytes / 1e6, seconds, bytes / 1e6 / seconds, documents / seconds, documents, objects, errors);
  }
  return 0;
}
