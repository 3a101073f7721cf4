// File: linter/render_inputs.h
// The --render flags (pipeline/render_stage.h does the rendering).
#pragma once

#include <CLI/CLI.hpp>

#include "pipeline/render_stage.h"

namespace greenlight::cli {

using RenderFlags = pipeline::RenderOptions;

void AddRenderFlags(CLI::App& command, RenderFlags& flags);

/// On a terminal (and without --quiet): one line on stderr while units render, rewritten in
/// place, with the slowest unit still running; cleared when this goes out of scope. Attach()
/// hooks it into the render options.
class RenderProgressLine {
 public:
  RenderProgressLine();
  ~RenderProgressLine();
  RenderProgressLine(const RenderProgressLine&) = delete;
  RenderProgressLine& operator=(const RenderProgressLine&) = delete;

  void Attach(RenderFlags& flags);

 private:
  bool shown_ = false;
};

}  // namespace greenlight::cli
