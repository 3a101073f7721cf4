// File: src/overlay/fix.h
// What the overlay says about each object it converts: the conversion as a Fix (the edits it
// made, how safe applying them is, and why), and findings for what a conversion could not keep.
// Labels follow ruff's fix safety: safe keeps the object's meaning; unsafe keeps the fields but
// changes behaviour or relies on a derived value; manual means a person must finish the job.
#pragma once

#include <string>
#include <vector>

#include "base/location.h"

namespace greenlight::overlay {

enum class Applicability { kSafe = 0, kUnsafe = 1, kManual = 2 };
const char* ApplicabilityName(Applicability a);  ///< "safe", "unsafe", "manual"

/// One change to an object, by field path ("spec.rules[0].http.paths[0].backend").
struct Edit {
  std::string path;
  std::string change;  ///< "serviceName/servicePort -> service.name/service.port.number"
};

struct Fix {
  std::vector<Edit> edits;
  Applicability applicability = Applicability::kSafe;
  std::string why;  ///< why the label is what it is (the reasons joined, most severe first)
};

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };
const char* SeverityName(Severity s);

/// Something the user must know about a conversion: a meaning that changed or was lost, a
/// value that was derived, a default that was made explicit.
struct Note {
  Severity severity = Severity::kInfo;
  std::string message;
};

/// The outcome for one object whose API the target removes (or deprecates, with --deprecated).
struct ObjectConversion {
  Location location;  ///< the object's apiVersion in the input
  std::string from_api_version;
  std::string to_api_version;  ///< "" when nothing was written (no replacement, no converter)
  std::string kind, namespace_name, name;
  bool written = false;  ///< the converted object is in the overlay
  Fix fix;
  std::vector<Note> notes;
};

}  // namespace greenlight::overlay
