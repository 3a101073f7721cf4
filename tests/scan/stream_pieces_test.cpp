// Issue 16: one big stream is cut into pieces that several workers scan; the findings (lines,
// columns, excerpts, document indexes, order) must be those of scanning it whole, and excerpts
// must come from the right line however far into the stream a finding is.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

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

// BigStream with comment directives deep in it: one that silences a finding, one unknown id.
std::string BigStreamWithDirectives() {
  std::string text = BigStream();
  const std::string silenced = "# object 5950\n";
  text.insert(text.find(silenced) + silenced.size(), "# greenlight:ignore API101\n");
  const std::string unknown = "# object 5600\n";
  text.insert(text.find(unknown) + unknown.size(), "# greenlight:ignore NOPE999\n");
  return text;
}

struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& text) {
    // mkstemp's template ends in six 'X' that it replaces with a unique name.
    std::string name = "/tmp/greenlight-stream-" + std::string(6, 'X');
    const int fd = ::mkstemp(name.data());
    ::close(fd);
    path = name;
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

// A file on disk can be opened: a big one is read in pieces and never held whole. Whatever the
// number of workers, the findings, their order and the counts must be those of reading it whole
// (ScanFile), the comment directives of later pieces included.
TEST(StreamPiecesTest, Issue16_AFileReadInPiecesGivesTheFindingsOfReadingItWhole) {
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  const std::string text = BigStreamWithDirectives();
  ASSERT_GT(text.size(), 2'000'000u);  // past the size from which inputs are read in pieces
  TempFile file(text);
  source::InputList inputs = source::ListInputs({file.path.string()}, {});
  ASSERT_EQ(inputs.files.size(), 1u);
  ASSERT_TRUE(inputs.files[0].open);
  ScanOptions options;
  options.target = *Version::Parse("1.25");
  const ScanResult whole = ScanFile(inputs.files[0], *catalog, options);
  ASSERT_EQ(whole.summary.suppressed_by_comment, 1u);
  for (int jobs : {1, 2, 3}) {
    SCOPED_TRACE("jobs " + std::to_string(jobs));
    options.jobs = jobs;
    const ScanResult streamed = Scan(inputs, *catalog, options);
    // ScanFile leaves findings in reading order, Scan sorts them: compared as sets of lines.
    std::vector<std::string> expected = Describe(whole), got = Describe(streamed);
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected);
    EXPECT_EQ(streamed.summary.documents, whole.summary.documents);
    EXPECT_EQ(streamed.summary.objects, whole.summary.objects);
    EXPECT_EQ(streamed.summary.suppressed_by_comment, 1u);
    EXPECT_EQ(streamed.summary.input_errors, whole.summary.input_errors);
    EXPECT_EQ(streamed.summary.bytes, text.size());
    EXPECT_EQ(streamed.summary.files, 1u);
  }
}

// A stream that runs past --max-input-size is scanned up to where it was cut; the error names
// the line from which nothing was read, so the part that was not read is never reported clean.
TEST(StreamPiecesTest, Issue16_AStreamPastTheSizeLimitKeepsWhatWasReadAndNamesWhereItStopped) {
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  const std::string text = BigStream();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < text.size();) {
      const ssize_t n = ::write(fds[1], text.data() + at, text.size() - at);
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  source::InputFile stream;
  stream.display_path = "-";
  stream.origin = "stdin";
  const uint64_t limit = 2'000'000;
  stream.open = [&]() -> StatusOr<std::unique_ptr<ChunkReader>> { return ChunkReader::ForFd(fds[0], "-", limit); };
  source::InputList inputs;
  inputs.files.push_back(stream);
  ScanOptions options;
  options.target = *Version::Parse("1.25");
  options.jobs = 2;
  const ScanResult result = Scan(inputs, *catalog, options);
  // Drain what the scan left so the writer ends, then close.
  char sink[1 << 16];
  while (::read(fds[0], sink, sizeof sink) > 0) {
  }
  writer.join();
  ::close(fds[0]);
  const checks::Finding* stopped = nullptr;
  for (const auto& f : result.findings) {
    if (f.rule_id == "GL002") stopped = &f;
  }
  ASSERT_NE(stopped, nullptr);
  EXPECT_NE(stopped->message.find("--max-input-size limit of 2000000 bytes"), std::string::npos) << stopped->message;
  EXPECT_NE(stopped->message.find("from line " + std::to_string(stopped->location.line) + " on it was not scanned"),
            std::string::npos) << stopped->message;
  EXPECT_GT(result.summary.input_errors, 0u);
  // What came before the limit was scanned: documents up to the line named, none past it.
  EXPECT_GT(result.summary.documents, 3000u);
  EXPECT_LT(result.summary.documents, 6000u);
  for (const auto& f : result.findings) {
    if (f.rule_id != "GL002") {
      EXPECT_LT(f.location.line, stopped->location.line) << f.location.ToString();
    }
  }
}

}  // namespace
}  // namespace greenlight::scan
