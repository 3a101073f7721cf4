// Issue 16: one big stream is cut into pieces that several workers scan; the findings (lines,
// columns, excerpts, document indexes, order) must be those of scanning it whole, and excerpts
// must come from the right line however far into the stream a finding is.
#include <gtest/gtest.h>

#include <string>

#include "catalog/api_catalog.h"
#include "scan/scanner.h"

namespace greenlight::scan {
namespace {

source::InputFile StreamOf(std::string text, const char* name = "-") {
  source::InputFile file;
  file.display_path = name;
  file.origin = "stdin";
  file.load = [text = std::move(text)] { return StatusOr<std::string>(text); };
  return file;
}

// About 3 MB: thousands of documents, a removed API every 7th, a broken document every 500th.
std::string BigStream() {
  std::string text;
  for (int i = 0; i < 6000; ++i) {
    if (i % 500 == 499) {
      text += "---\nkind: [broken\n";
      continue;
    }
    text += "---\n# object " + std::to_string(i) + "\n";
    text += i % 7 == 0 ? "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n"
                       : "apiVersion: v1\nkind: ConfigMap\n";
    text += "metadata:\n  name: object-" + std::to_string(i) + "\n  namespace: ns\n";
    text += "data:\n  padding: \"" + std::string(400, 'x') + "\"\n";
  }
  return text;
}

std::vector<std::string> Describe(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    out.push_back(f.location.ToString() + " #" + std::to_string(f.location.document) + " " + f.rule_id + " " +
                  f.name + " | " + f.excerpt);
  }
  return out;
}

TEST(StreamPiecesTest, Issue16_OneStreamInPiecesGivesTheFindingsOfTheWholeStream) {
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  ScanOptions options;
  options.target = *Version::Parse("1.25");
  source::InputList inputs;
  inputs.files.push_back(StreamOf(BigStream()));

  options.jobs = 1;  // one worker: the stream is one piece
  ScanResult whole = Scan(inputs, *catalog, options);
  options.jobs = 3;  // pieces on three workers
  ScanResult pieces = Scan(inputs, *catalog, options);

  EXPECT_EQ(Describe(whole), Describe(pieces));
  EXPECT_EQ(whole.summary.documents, 6000u);
  EXPECT_EQ(pieces.summary.documents, 6000u);
  EXPECT_EQ(pieces.summary.files, 1u);
  EXPECT_EQ(pieces.summary.input_errors, 12u);
  // A finding deep in the stream points at its own line, with that line as its excerpt.
  const checks::Finding* last_api = nullptr;
  for (const auto& f : pieces.findings) {
    if (f.rule_id == "API101") last_api = &f;
  }
  ASSERT_NE(last_api, nullptr);
  EXPECT_EQ(last_api->excerpt, "apiVersion: policy/v1beta1");
  EXPECT_EQ(last_api->name, "object-5992");  // 5999 is a broken one
  EXPECT_EQ(last_api->location.document, 5992);
  // The documents are 9 lines each ('---', comment, 7 lines), the 11 broken ones before it 2:
  // the finding's line follows from where its document starts.
  EXPECT_EQ(last_api->location.line, 9u * (5992 - 11) + 2u * 11 + 3u);
}

}  // namespace
}  // namespace greenlight::scan
