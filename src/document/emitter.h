// File: src/document/emitter.h
// Writing a Value tree back as text: block-style YAML (two-space indent, sequences indented
// under their key, literal blocks for multi-line strings) or pretty JSON. Output is a pure
// function of the tree, so rewriting the same input twice gives identical bytes, and every
// string that would read back as something else (80, true, null, "a: b") is quoted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "document/value.h"

namespace greenlight::document {

/// One YAML document (no '---' marker), ending with a newline.
std::string EmitYaml(const Value& root);

/// Pretty JSON (two-space indent), ending with a newline. Scalars that are not valid JSON
/// numbers or booleans (YAML-only spellings like 0x1F or yes) are normalised or quoted.
std::string EmitJson(const Value& root);

/// `text` of an int or float scalar as EmitJson writes it: a JSON number with the value
/// Kubernetes reads (0777 -> 511, 0x1F -> 31, .5 -> 0.5); nullopt when JSON has no such number
/// (.inf, .nan, past 64 bits) or the scalar is not a number.
std::optional<std::string> JsonNumberText(std::string_view text, ScalarType type);

/// `text` of a bool scalar as EmitJson writes it: "true" or "false" for the YAML spellings
/// (TRUE, yes, Off, ...); nullopt when the scalar is not a bool or `text` is no bool spelling
/// (a `!!bool` tag on another word), which JSON then gets as a string rather than a guess.
std::optional<std::string> JsonBoolText(std::string_view text, ScalarType type);

/// True when `text` can be written as a plain YAML scalar and still read back as that string.
bool IsSafePlainString(std::string_view text);

}  // namespace greenlight::document
