// File: src/overlay/report_text.h
// The overlay's report as text: one line per converted (or refused) object in GCC style
// (path:line:col), its edits, notes and fix label, then the run's messages and errors. Used by
// `greenlight overlay` and pinned by the golden tests.
#pragma once

#include <string>

#include "overlay/overlay.h"

namespace greenlight::overlay {

std::string FormatReport(const OverlayResult& result);

/// "overlay for Kubernetes 1.25: 6 files written to out/1.25; 3 objects converted (...)".
std::string FormatSummary(const OverlayResult& result, const std::string& target,
                          const std::string& where, bool dry_run);

}  // namespace greenlight::overlay
