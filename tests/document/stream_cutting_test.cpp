// Issue 16: a stream read in pieces (document::StreamPieces) must give the documents, lines and
// indexes that splitting the whole decoded text gives, however the reads fall and however small
// the pieces are; invalid UTF-8 spoils only its own piece and is placed on the stream's line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "document/parser.h"
#include "document/stream_pieces.h"
#include "test_paths.h"

namespace greenlight::document {
namespace {

struct Cut {
  std::string text;                 // the pieces' texts joined
  std::vector<DocumentSpan> spans;  // offsets into `text`
  std::vector<Status> errors;
};

// Feeds `bytes` in reads of `read_size` and collects every piece.
Cut CutStream(const std::string& bytes, size_t piece_bytes, size_t read_size) {
  StreamPieces pieces("s.yaml", piece_bytes);
  Cut out;
  size_t at = 0;
  for (bool at_end = false;;) {
    while (std::optional<StreamPiece> piece = pieces.Next(at_end)) {
      if (!piece->error.ok()) out.errors.push_back(piece->error);
      // Lines are those of the stream: count the lines given out so far.
      uint32_t line = 1;
      for (char c : out.text) line += c == '\n';
      EXPECT_EQ(piece->first_line, line);
      for (DocumentSpan span : piece->spans) {
        span.begin += out.text.size();
        span.end += out.text.size();
        out.spans.push_back(span);
      }
      out.text += piece->text;
    }
    if (at_end) break;
    const size_t n = std::min(read_size, bytes.size() - at);
    pieces.Add(std::string_view(bytes).substr(at, n));
    at += n;
    at_end = n == 0;
  }
  return out;
}

void ExpectSameAsWhole(const std::string& bytes, size_t piece_bytes, size_t read_size) {
  SCOPED_TRACE("piece " + std::to_string(piece_bytes) + ", reads of " + std::to_string(read_size));
  StatusOr<std::string> whole = DecodeToUtf8(bytes, "s.yaml");
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  std::vector<DocumentSpan> expected = SplitStream(*whole, /*is_json=*/false);
  Cut cut = CutStream(bytes, piece_bytes, read_size);
  EXPECT_TRUE(cut.errors.empty());
  EXPECT_EQ(cut.text, *whole);
  ASSERT_EQ(cut.spans.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("document " + std::to_string(i));
    EXPECT_EQ(cut.spans[i].begin, expected[i].begin);
    EXPECT_EQ(cut.spans[i].end, expected[i].end);
    EXPECT_EQ(cut.spans[i].start_line, expected[i].start_line);
    EXPECT_EQ(cut.spans[i].helm_source, expected[i].helm_source);
    EXPECT_EQ(cut.spans[i].index, i);
  }
}

// Every way a stream marks its documents, in one text.
std::string AwkwardStream() {
  std::string s = "\xEF\xBB\xBF# Source: chart/templates/first.yaml\r\n";  // BOM, header of an implicit document
  s += "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: first\r\n";
  s += "...\n# between documents\n";
  s += "apiVersion: v1\nkind: Secret\n";  // implicit, after '...'
  s += "---\n---\n";                       // an empty document
  s += "--- |\n  text\n  --- not a marker\n";
  s += "--- # Source: comment on the marker\n# Source: chart/templates/b.yaml\nkind: B\n";
  s += "---\nkey: a\n---pai: content\n";  // '---' then more: content, no marker (fuzzer)
  s += "---\nold: mac\rlines: here\r";  // lone CRs are line breaks
  s += "---\nbig: \"" + std::string(3000, 'x') + "\"\n";
  for (int i = 0; i < 40; ++i) s += "---\nkind: K" + std::to_string(i) + "\nvalue: \xC3\xA9t\xC3\xA9\n";
  s += "---\nlast: without newline";
  return s;
}

TEST(StreamCuttingTest, Issue16_PiecesGiveTheDocumentsOfTheWholeStream) {
  const std::string stream = AwkwardStream();
  for (size_t piece : {size_t{1}, size_t{40}, size_t{500}, size_t{1} << 20}) {
    // Every read size up to 17: where a read ends decides what the last held line looks like.
    for (size_t read = 1; read <= 17; ++read) ExpectSameAsWhole(stream, piece, read);
    ExpectSameAsWhole(stream, piece, 4096);
  }
}

// Found by the document fuzzer: a read that ends right after "---" must not be cut there, for
// the line may go on as "---pai", which is content of the document before it.
TEST(StreamCuttingTest, Issue16_ALastLineReadUpToDashesIsNoPlaceToCut) {
  const std::string first = "---\na: 1\n---\nb: 2\n---", rest = "pai: x\n";
  StreamPieces pieces("s.yaml", 1);
  pieces.Add(first);
  std::vector<StreamPiece> out;
  while (std::optional<StreamPiece> piece = pieces.Next(false)) out.push_back(std::move(*piece));
  pieces.Add(rest);
  while (std::optional<StreamPiece> piece = pieces.Next(true)) out.push_back(std::move(*piece));
  size_t documents = 0;
  std::string joined;
  for (const StreamPiece& piece : out) {
    documents += piece.spans.size();
    joined += piece.text;
  }
  EXPECT_EQ(joined, first + rest);
  EXPECT_EQ(documents, SplitStream(first + rest, false).size());
  EXPECT_EQ(documents, 2u);
  ExpectSameAsWhole(first + rest, 1, first.size());
}

TEST(StreamCuttingTest, Issue16_TestdataManifestsCutAsOneStreamAgreeWithTheWholeText) {
  std::string stream;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(testing::SourceDir() / "testdata")) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !(name.ends_with(".yaml") || name.ends_with(".yml"))) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string text = bytes.str();
    // Only UTF-8 files (the bad-input fixtures hold UTF-16 and broken bytes on purpose), each
    // starting a document of its own as `cat` of rendered files would.
    if (!DecodeToUtf8(text, name).ok() || HasUtf16ByteOrderMark(text) || text.starts_with("\xEF\xBB\xBF") ||
        text.empty()) {
      continue;
    }
    stream += "---\n" + text + (text.ends_with('\n') ? "" : "\n");
  }
  ASSERT_GT(stream.size(), 100'000u);
  ExpectSameAsWhole(stream, 64 * 1024, 10'000);
  ExpectSameAsWhole(stream, 4096, 777);
}

TEST(StreamCuttingTest, Issue16_InvalidUtf8SpoilsOnlyItsPieceAndIsPlacedOnTheStreamsLine) {
  std::string stream;
  for (int i = 0; i < 30; ++i) stream += "---\nkind: K" + std::to_string(i) + "\n";
  stream += "---\nbad: \"\xFF\"\n";  // line 62
  for (int i = 0; i < 30; ++i) stream += "---\nkind: L" + std::to_string(i) + "\n";
  Cut cut = CutStream(stream, 40, 16);
  ASSERT_EQ(cut.errors.size(), 1u);
  const Location where = *cut.errors[0].location();
  EXPECT_EQ(where.file, "s.yaml");
  EXPECT_EQ(where.line, 62u);
  EXPECT_EQ(where.column, 7u);
  // Every document is still given out, the pieces before and after the bad one included.
  EXPECT_EQ(cut.spans.size(), 61u);
  EXPECT_EQ(cut.spans.back().index, 60u);
}

TEST(StreamCuttingTest, Issue16_Utf16IsLeftToTheWholeDecoder) {
  EXPECT_TRUE(HasUtf16ByteOrderMark("\xFF\xFE" "a\0"));
  EXPECT_TRUE(HasUtf16ByteOrderMark("\xFE\xFF\0a"));
  EXPECT_FALSE(HasUtf16ByteOrderMark("\xEF\xBB\xBF" "a"));
  EXPECT_FALSE(HasUtf16ByteOrderMark("a"));
}

}  // namespace
}  // namespace greenlight::document
