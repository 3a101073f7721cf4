#include "scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "base/line_index.h"
#include "base/timings.h"
#include "checks/api_check.h"
#include "checks/rule_info.h"
#include "checks/suppression.h"
#include "document/object.h"
#include "document/stream_pieces.h"
#include "scan/recorded_manifests.h"
#include "scan/unrendered_template.h"

namespace greenlight::scan {
namespace {

using checks::Finding;

// `lines` indexes the text the status points into (nullptr when there is none).
Finding InputProblem(const char* rule_id, const Status& status, LineIndex* lines) {
  const checks::RuleInfo* rule = checks::FindRule(rule_id);
  Finding f;
  f.rule_id = rule->id;
  f.rule_name = rule->name;
  f.severity = rule->severity;
  f.message = status.message();
  f.help = rule->help;
  f.location = status.location().value_or(Location{});
  if (lines != nullptr) f.excerpt = std::string(lines->Excerpt(f.location.line));
  f.fingerprint = checks::ComputeFingerprint(f);
  return f;
}

void Merge(ScanResult& into, ScanResult&& from) {
  into.summary += from.summary;
  std::move(from.release_revisions.begin(), from.release_revisions.end(), std::back_inserter(into.release_revisions));
  std::move(from.findings.begin(), from.findings.end(), std::back_inserter(into.findings));
  std::move(from.objects.begin(), from.objects.end(), std::back_inserter(into.objects));
  // Free the moved-from storage now, not when the whole scan's results go.
  std::vector<checks::Finding>().swap(from.findings);
  std::vector<CheckedObject>().swap(from.objects);
}

// A rendered object's findings name the unit and point at the line of the repository file
// (template or kustomize resource) where the object's apiVersion is written.
void PointAtRenderSource(const source::InputFile& file, checks::Finding& finding) {
  finding.render_unit = file.render_unit;
  finding.render_values = file.render_values;
  const int document = finding.location.document;
  if (document >= 0 && static_cast<size_t>(document) < file.source_lines.size() &&
      file.source_lines[static_cast<size_t>(document)] > 0) {
    // The line and column of the apiVersion in the repository file; the rendered text's line
    // and column (and its excerpt) would point at the wrong place there. Column 0 (unknown,
    // null in JSON) where the source file's line shows no apiVersion value.
    const size_t index = static_cast<size_t>(document);
    finding.location.line = file.source_lines[index];
    finding.location.column = index < file.source_columns.size() ? file.source_columns[index] : 0;
    finding.excerpt.clear();
  }
  finding.fingerprint = checks::ComputeFingerprint(finding);
}


// Sorts findings into report order as std::stable_sort would, without its buffer of as many
// findings again: indexes are sorted, then the findings are permuted in place.
void SortFindings(std::vector<checks::Finding>& findings) {
  std::vector<uint32_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return checks::FindingLess(findings[a], findings[b]); });
  // order[i] = which finding goes to position i; follow each cycle once.
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] == i) continue;
    checks::Finding held = std::move(findings[i]);
    size_t at = i;
    while (order[at] != i) {
      const size_t from = order[at];
      findings[at] = std::move(findings[from]);
      order[at] = static_cast<uint32_t>(at);
      at = from;
    }
    findings[at] = std::move(held);
    order[at] = static_cast<uint32_t>(at);
  }
}

// One input (or one piece of a stream read in pieces), decoded and split into its documents;
// every piece of it shares this.
struct LoadedFile {
  const source::InputFile* file = nullptr;
  std::string text;
  uint32_t first_line = 1;  ///< the file's line number of text[0]
  std::vector<document::DocumentSpan> spans;
  std::optional<checks::SuppressionScope> suppressions;
};

void AddUnreadable(Status error, const std::string& display_path, ScanResult& result) {
  error.WithLocation(Location{display_path});
  result.findings.push_back(InputProblem(checks::kRuleUnreadableFile, error, nullptr));
  result.summary.input_errors = 1;
}

std::unique_ptr<LoadedFile> LoadBytes(const source::InputFile& file, StatusOr<std::string> bytes, ScanResult& result);

// Reads, decodes and splits `file`; on failure the input problem goes into `result`.
std::unique_ptr<LoadedFile> Load(const source::InputFile& file, ScanResult& result) {
  return LoadBytes(file, file.load(), result);
}

std::unique_ptr<LoadedFile> LoadBytes(const source::InputFile& file, StatusOr<std::string> bytes, ScanResult& result) {
  result.summary.files = 1;
  if (!bytes.ok()) {
    AddUnreadable(bytes.status(), file.display_path, result);
    return nullptr;
  }
  result.summary.bytes = bytes->size();
  StatusOr<std::string> text = document::DecodeToUtf8(std::move(bytes).value(), file.display_path);
  if (!text.ok()) {
    AddUnreadable(text.status(), file.display_path, result);
    return nullptr;
  }
  auto loaded = std::make_unique<LoadedFile>();
  loaded->file = &file;
  loaded->text = std::move(text).value();
  loaded->spans = document::SplitStream(loaded->text, file.is_json());
  loaded->suppressions.emplace(file.display_path, loaded->text);
  return loaded;
}

// Documents parsed at a time: each is checked and dropped right after, so the nodes in use stay
// few (and the parser's per-thread node pool serves them all).
constexpr size_t kDocumentsPerBatch = 32;

// Parses and checks documents [first, last) of a loaded file into `result`. Excerpts come from
// a line index of the piece's own bytes, so the cost stays linear in the piece.
void ScanPiece(const LoadedFile& loaded, size_t first, size_t last, const catalog::ApiCatalog& catalog,
               const ScanOptions& options, ScanResult& result) {
  const source::InputFile& file = *loaded.file;
  const std::string& text = loaded.text;
  const size_t begin = first < last ? loaded.spans[first].begin : 0;
  const size_t end = first < last ? loaded.spans[last - 1].end : 0;
  LineIndex lines(std::string_view(text).substr(begin, end - begin), first < last ? loaded.spans[first].start_line : 1);
  checks::ApiCheck api_check(catalog, options.target, options.from);
  const checks::SuppressionScope& suppressions = *loaded.suppressions;
  checks::CheckContext context{file.display_path, text};
  std::vector<checks::Finding> problems;  // input problems: excerpts set, never re-pointed
  const size_t first_object_finding = result.findings.size();
  // A Helm template's unparsable documents are read by the template heuristic, which needs
  // the whole file's parse at once.
  const size_t batch = file.helm_template ? std::max<size_t>(last - first, 1) : kDocumentsPerBatch;
  for (size_t from = first; from < last; from += batch) {
    document::ParsedStream stream = document::ParseSpans(text, file.display_path, loaded.spans, from,
                                                         std::min(last, from + batch), options.backend);
    result.summary.documents += static_cast<uint64_t>(stream.document_count);
    for (const Status& error : stream.errors) {
      if (file.helm_template) {
        Status unrendered(error.code(), "Helm template is not YAML until rendered: " + error.message(),
                          error.location());
        problems.push_back(InputProblem(checks::kRuleUnrenderedTemplate, unrendered, &lines));
        ++result.summary.unrendered_documents;
      } else {
        problems.push_back(InputProblem(checks::kRuleInvalidYaml, error, &lines));
        ++result.summary.input_errors;
      }
    }
    if (file.helm_template) {
      const size_t first_guessed = result.findings.size();
      CheckUnrenderedTemplate(stream, text, file.display_path, api_check, result.findings);
      suppressions.ApplyComments(result.findings, first_guessed, result.summary);
    }
    for (const document::Document& doc : stream.documents) {
      std::vector<document::Object> objects = document::ExtractObjects(doc);
      if (!document::IsObject(doc.root())) ++result.summary.non_object_documents;
      result.summary.objects += objects.size();
      for (document::Object& object : objects) {
        // Argo CD applies a directory source's objects in the destination namespace.
        if (object.namespace_name.empty() && !file.default_namespace.empty() &&
            !document::IsClusterScopedKind(object.api_version, object.kind)) {
          object.namespace_name = file.default_namespace;
        }
        if (options.record_objects) {
          document::Mark mark = object.api_version_node ? object.api_version_node->mark() : document::Mark{};
          if (const size_t doc_index = static_cast<size_t>(object.document); doc_index < file.source_lines.size()) {
            // rendered: the repository file's line and apiVersion column
            mark = document::Mark{file.source_lines[doc_index],
                                  doc_index < file.source_columns.size() ? file.source_columns[doc_index] : 0};
          }
          result.objects.push_back(CheckedObject{
              Location{file.display_path, mark.line, mark.column, object.document}, object.item,
              std::string(object.api_version), std::string(object.kind),
              std::string(object.namespace_name), std::string(object.name)});
        }
        size_t first_of_object = result.findings.size();
        api_check.Run(object, context, result.findings);
        for (const checks::ObjectCheck* check : options.extra_checks) {
          check->Run(object, context, result.findings);
        }
        CheckRecordedManifests(object, file.display_path, api_check, result.findings, result.release_revisions,
                               result.summary);
        suppressions.Apply(object, result.findings, first_of_object, result.summary);
      }
    }
  }
  std::optional<LineIndex> whole_file;  // for the rare finding outside the piece
  for (size_t i = first_object_finding; i < result.findings.size(); ++i) {
    checks::Finding& finding = result.findings[i];
    const uint32_t line = finding.location.line;
    if (lines.Covers(line)) {
      finding.excerpt = std::string(lines.Excerpt(line));
    } else {
      if (!whole_file) whole_file.emplace(text, loaded.first_line);
      finding.excerpt = std::string(whole_file->Excerpt(line));
    }
    if (!file.render_unit.empty()) PointAtRenderSource(file, finding);
    finding.application = file.application;
  }
  for (checks::Finding& problem : problems) problem.application = file.application;
  std::move(problems.begin(), problems.end(), std::back_inserter(result.findings));
  // Held until every input is scanned: without the slack of growing by doubling (a finding is
  // over 500 bytes before its text).
  result.findings.shrink_to_fit();
}

// What is said once per file, after all its pieces: unknown rule ids in its comments.
void FinishFile(const LoadedFile& loaded, ScanResult& result) {
  const size_t first = result.findings.size();
  loaded.suppressions->AppendUnknownCommentIds(result.findings);
  if (result.findings.size() == first) return;
  LineIndex lines(loaded.text, loaded.first_line);
  for (size_t i = first; i < result.findings.size(); ++i) {
    result.findings[i].excerpt = std::string(lines.Excerpt(result.findings[i].location.line));
    if (!loaded.file->render_unit.empty()) PointAtRenderSource(*loaded.file, result.findings[i]);
  }
}

// Pieces of one big input, each about this many bytes (whole documents), so that one stream
// keeps every worker busy. Smaller inputs are one piece.
constexpr size_t kPieceBytes = 512 * 1024;

std::vector<std::pair<size_t, size_t>> CutIntoPieces(const LoadedFile& loaded) {
  std::vector<std::pair<size_t, size_t>> pieces;
  const auto& spans = loaded.spans;
  size_t first = 0;
  while (first < spans.size()) {
    size_t last = first + 1;
    while (last < spans.size() && spans[last].end - spans[first].begin <= kPieceBytes) ++last;
    pieces.emplace_back(first, last);
    first = last;
  }
  return pieces;
}

// Inputs that can be opened (files on disk, standard input, FIFOs) and hold more than this are
// read in pieces (document::StreamPieces) and never held whole; smaller ones are read at once.
constexpr size_t kStreamedInputBytes = 2 * kPieceBytes;
constexpr size_t kReadChunkBytes = 256 * 1024;

// The work of a scan: each input is loaded by one worker; a big one is cut into pieces that all
// workers take, ahead of loading further inputs, so that at most a few inputs are in memory at
// once. A big input that can be read a chunk at a time (a stream on stdin, a big file of many
// documents) is cut while it is read, and only the pieces in flight are in memory; one held
// whole (a git blob) is cut after loading, and the last worker done with it frees its text.
class ScanQueue {
 public:
  ScanQueue(const source::InputList& inputs, const catalog::ApiCatalog& catalog, const ScanOptions& options,
            int jobs)
      : inputs_(inputs), catalog_(catalog), options_(options), jobs_(jobs), slots_(inputs.files.size()) {
    for (size_t i = 0; i < inputs.files.size(); ++i) tasks_.push_back(Task{i, kLoad, nullptr, nullptr});
    pending_ = tasks_.size();
  }

  void Work() {
    for (;;) {
      Task task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !tasks_.empty() || pending_ == 0; });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      if (task.piece == kLoad) {
        LoadInput(task.file);
      } else {
        const bool streamed = task.streamed != nullptr;
        RunPiece(task);
        if (streamed) --queued_pieces_;
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) ready_.notify_all();
    }
  }

  /// The results of every input, in input order.
  ScanResult Collect() {
    ScanResult result;
    size_t findings = 0, objects = 0;
    for (const Slot& slot : slots_) {
      findings += slot.head.findings.size() + slot.tail.findings.size();
      objects += slot.head.objects.size();
      for (const ScanResult& piece : slot.pieces) {
        findings += piece.findings.size();
        objects += piece.objects.size();
      }
    }
    result.findings.reserve(findings + inputs_.errors.size());  // one allocation, no regrowth
    result.objects.reserve(objects);
    result.per_file.reserve(slots_.size());
    for (Slot& slot : slots_) {
      ScanSummary file = slot.head.summary;  // the input's counts, for the coverage accounting
      for (const ScanResult& piece : slot.pieces) file += piece.summary;
      file += slot.tail.summary;
      result.per_file.push_back(file);
      Merge(result, std::move(slot.head));
      for (ScanResult& piece : slot.pieces) Merge(result, std::move(piece));
      Merge(result, std::move(slot.tail));
    }
    return result;
  }

 private:
  static constexpr size_t kLoad = static_cast<size_t>(-1);
  static constexpr size_t kPiecesInFlightPerJob = 2;
  struct Task {
    size_t file = 0;
    size_t piece = kLoad;
    ScanResult* result = nullptr;          // where a piece's findings go (in Slot::pieces)
    std::shared_ptr<LoadedFile> streamed;  // a piece of a stream read in pieces: its own text
  };
  struct Slot {
    ScanResult head;                // loading problems, or the whole small input
    std::deque<ScanResult> pieces;  // a big input's pieces, in order (a deque: grows while read)
    ScanResult tail;                // what is said once the pieces are done
    std::unique_ptr<LoadedFile> loaded;
    std::vector<std::pair<size_t, size_t>> ranges;
    std::atomic<size_t> remaining{0};
  };

  void LoadInput(size_t i) {
    const source::InputFile& file = inputs_.files[i];
    if (file.open && !file.helm_template && !file.is_json()) {
      LoadStreamed(i);
      return;
    }
    Slot& slot = slots_[i];
    ScanWhole(i, Load(file, slot.head));
  }

  // Scans an input held whole: at once when small, else in pieces queued for every worker.
  void ScanWhole(size_t i, std::unique_ptr<LoadedFile> loaded) {
    Slot& slot = slots_[i];
    if (!loaded) return;
    std::vector<std::pair<size_t, size_t>> ranges;
    if (jobs_ > 1 && !loaded->file->helm_template) ranges = CutIntoPieces(*loaded);
    if (ranges.size() <= 1) {
      ScanPiece(*loaded, 0, loaded->spans.size(), catalog_, options_, slot.head);
      FinishFile(*loaded, slot.head);
      return;
    }
    slot.pieces.resize(ranges.size());
    slot.ranges = std::move(ranges);
    slot.loaded = std::move(loaded);
    slot.remaining = slot.ranges.size();
    std::lock_guard<std::mutex> lock(mutex_);
    // Ahead of the inputs not loaded yet (in order), so that memory holds few inputs at once.
    for (size_t p = slot.ranges.size(); p-- > 0;) tasks_.push_front(Task{i, p, &slot.pieces[p], nullptr});
    pending_ += slot.ranges.size();
    ready_.notify_all();
  }

  // Reads an input a chunk at a time. One that ends within kStreamedInputBytes (or is UTF-16)
  // is scanned whole; a longer one is cut into pieces as it is read, each scanned by this worker
  // or queued for the others, with at most a few in memory at once.
  void LoadStreamed(size_t i) {
    const source::InputFile& file = inputs_.files[i];
    Slot& slot = slots_[i];
    slot.head.summary.files = 1;
    StatusOr<std::unique_ptr<ChunkReader>> opened = file.open();
    if (!opened.ok()) {
      AddUnreadable(opened.status(), file.display_path, slot.head);
      return;
    }
    ChunkReader& reader = **opened;
    std::string first;
    first.reserve(std::min<uint64_t>(reader.size_hint(), kStreamedInputBytes) + 1);
    StatusOr<size_t> read = size_t{1};
    while (read.ok() && *read > 0 && first.size() < kStreamedInputBytes) read = reader.Read(first, kReadChunkBytes);
    const bool whole = read.ok() && (*read == 0 || document::HasUtf16ByteOrderMark(first));
    if (!read.ok() || whole) {
      while (read.ok() && *read > 0) read = reader.Read(first, kReadChunkBytes);
      // Nothing of it was scanned: a size error says so, as a whole read's would.
      if (!read.ok() && reader.too_large()) read = InputTooLarge(reader.max_bytes(), file.display_path);
      StatusOr<std::string> bytes = read.ok() ? StatusOr<std::string>(std::move(first)) : read.status();
      ScanWhole(i, LoadBytes(file, std::move(bytes), slot.head));
      return;
    }
    document::StreamPieces pieces(file.display_path, kPieceBytes);
    pieces.Add(first);
    std::string().swap(first);
    std::string chunk;
    for (bool at_end = false;;) {
      while (std::optional<document::StreamPiece> piece = pieces.Next(at_end)) {
        Dispatch(i, std::move(*piece));
      }
      if (at_end) break;
      chunk.clear();
      StatusOr<size_t> n = reader.Read(chunk, kReadChunkBytes);
      if (!n.ok()) {
        StreamStopped(i, reader, pieces, n.status());
        break;
      }
      at_end = *n == 0;
      pieces.Add(chunk);
    }
    slot.head.summary.bytes = reader.bytes_read();
  }

  // A piece of a stream read in pieces: scanned now by this worker, or queued while fewer than
  // kPiecesInFlightPerJob per worker wait (so memory holds a few pieces, not the stream).
  void Dispatch(size_t i, document::StreamPiece piece) {
    Slot& slot = slots_[i];
    const source::InputFile& file = inputs_.files[i];
    ScanResult* result;
    {
      std::lock_guard<std::mutex> lock(mutex_);  // workers read the deque's map while it grows
      result = &slot.pieces.emplace_back();
    }
    if (!piece.error.ok()) {
      AddUnreadable(piece.error, file.display_path, *result);
      return;
    }
    auto loaded = std::make_shared<LoadedFile>();
    loaded->file = &file;
    loaded->first_line = piece.first_line;
    loaded->text = std::move(piece.text);
    loaded->spans = std::move(piece.spans);
    loaded->suppressions.emplace(file.display_path, loaded->text, loaded->first_line);
    Task task{i, 0, result, std::move(loaded)};
    if (jobs_ > 1 && queued_pieces_ < kPiecesInFlightPerJob * static_cast<size_t>(jobs_)) {
      ++queued_pieces_;
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_front(std::move(task));
      ++pending_;
      ready_.notify_one();
      return;
    }
    RunPiece(task);
  }

  // The stream could not be read to its end (past --max-input-size, or a read error): its
  // pieces so far are scanned; the error names the line from which nothing was.
  void StreamStopped(size_t i, const ChunkReader& reader, const document::StreamPieces& pieces, const Status& error) {
    const source::InputFile& file = inputs_.files[i];
    const Location where{file.display_path, pieces.next_line(), 1, -1};
    const std::string rest = "; from line " + std::to_string(where.line) + " on it was not scanned";
    Status stopped = reader.too_large()
                         ? DataLoss("input is larger than the --max-input-size limit of " +
                                        FormatByteSize(reader.max_bytes()) + rest +
                                        " (raise the limit with --max-input-size)",
                                    where)
                         : DataLoss(error.message() + rest, where);
    AddUnreadable(stopped, file.display_path, slots_[i].tail);
  }

  void RunPiece(Task& task) {
    if (task.streamed) {
      ScanPiece(*task.streamed, 0, task.streamed->spans.size(), catalog_, options_, *task.result);
      FinishFile(*task.streamed, *task.result);
      task.streamed.reset();  // the piece's text goes now
      return;
    }
    Slot& slot = slots_[task.file];
    const auto [first, last] = slot.ranges[task.piece];
    ScanPiece(*slot.loaded, first, last, catalog_, options_, *task.result);
    if (--slot.remaining == 0) {
      FinishFile(*slot.loaded, slot.tail);
      slot.loaded.reset();
    }
  }

  const source::InputList& inputs_;
  const catalog::ApiCatalog& catalog_;
  const ScanOptions& options_;
  const int jobs_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> tasks_;
  size_t pending_ = 0;                    // tasks queued or running
  std::atomic<size_t> queued_pieces_{0};  // pieces of streams queued or running, not yet done
};

}  // namespace

ScanResult ScanFile(const source::InputFile& file, const catalog::ApiCatalog& catalog,
                    const ScanOptions& options) {
  ScanResult result;
  std::unique_ptr<LoadedFile> loaded = Load(file, result);
  if (!loaded) return result;
  ScanPiece(*loaded, 0, loaded->spans.size(), catalog, options, result);
  FinishFile(*loaded, result);
  return result;
}

ScanResult Scan(const source::InputList& inputs, const catalog::ApiCatalog& catalog,
                const ScanOptions& options) {
  timings::Scope timing("read + parse + check");
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::max(jobs, 1);
  ScanQueue queue(inputs, catalog, options, jobs);
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back([&] { queue.Work(); });
  queue.Work();
  for (auto& t : threads) t.join();

  ScanResult result = queue.Collect();
  for (const Status& error : inputs.errors) {
    result.findings.push_back(InputProblem(checks::kRuleUnreadableFile, error, nullptr));
    ++result.summary.input_errors;
  }
  // Revisions of one release may sit in different files: only now is the current one known.
  KeepCurrentReleaseRevisions(result.release_revisions, result.findings, result.summary);
  SortFindings(result.findings);
  return result;
}

void AddInputProblems(ScanResult& result, const char* rule_id, const std::vector<Status>& problems,
                      bool count_as_input_errors) {
  for (const Status& problem : problems) {
    result.findings.push_back(InputProblem(rule_id, problem, nullptr));
    if (count_as_input_errors && result.findings.back().severity == checks::Severity::kError) {
      ++result.summary.input_errors;
    }
  }
  SortFindings(result.findings);
}

}  // namespace greenlight::scan
