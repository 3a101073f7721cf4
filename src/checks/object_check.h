// File: src/checks/object_check.h
// The interface every per-object check implements (the API catalog check, the lint-rule engine,
// add-on compatibility). The scan pipeline runs each registered check on every object and
// collects the findings; checks never print, never read files, and keep no per-file state, so
// they can run on all workers at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/finding.h"
#include "document/object.h"

namespace greenlight::checks {

/// What a check may know about the object's surroundings.
struct CheckContext {
  std::string_view file;  ///< display path of the file the object is in
  std::string_view text;  ///< the file's UTF-8 text (for comment directives and excerpts)
};

class ObjectCheck {
 public:
  virtual ~ObjectCheck() = default;
  /// Appends the findings for `object` to `out`. Must be thread-safe (const, no shared state).
  virtual void Run(const document::Object& object, const CheckContext& context,
                   std::vector<Finding>& out) const = 0;
};

}  // namespace greenlight::checks
