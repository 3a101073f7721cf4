// File: src/document/limits.h
// Bounds on what one YAML/JSON stream may hold. They sit where every parse path passes (the
// stream splitter in parser.cpp and the shared DocumentBuilder), so whichever backend parses,
// hostile or broken input costs bounded time and memory and ends in a GL001 naming the file,
// line and column, never in a crash. Each is far above what a real Kubernetes manifest needs
// (etcd refuses objects above ~1.5 MiB). The file/stream size bound is --max-input-size
// (base/file_io.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace greenlight::document {

/// Containers open at once: deeper nesting is refused (recursive code stays far from the stack
/// limit, and libyaml's per-token work, linear in the depth, stays small).
inline constexpr size_t kMaxNestingDepth = 1000;

/// Bytes in one line; a longer line makes its document an error before it is parsed.
inline constexpr size_t kMaxLineBytes = size_t{16} << 20;

/// Bytes in one scalar after decoding (block scalars span lines, so this is not the line bound).
inline constexpr size_t kMaxScalarBytes = size_t{32} << 20;

/// Documents in one stream; past it the rest of the stream is an error, not read. A
/// `kubectl get -A` dump of a big cluster holds a few hundred thousand objects; each document's
/// span costs ~80 bytes before it is parsed, so this bounds the split at ~80 MB.
inline constexpr size_t kMaxDocumentsPerStream = 1'000'000;

/// Nodes (scalars, mappings, sequences) built for one document, and for the documents parsed
/// together in one batch (the scanner parses a long stream in batches and frees each batch's
/// trees before the next): what bounds the memory of a parse (~150 bytes a node).
inline constexpr uint64_t kMaxNodesPerStream = 2'000'000;

/// Nodes reached through aliases, counted once per alias use with everything under the anchor
/// ("billion laughs"); nodes written out in the text do not count, however many there are.
inline constexpr uint64_t kMaxAliasExpansion = 4'000'000;

}  // namespace greenlight::document
