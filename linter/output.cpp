#include "output.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "base/atomic_file.h"
#include "base/edit_distance.h"

namespace greenlight::cli {

Status EmitOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? Status::Ok() : DataLoss("cannot write to standard output");
  }
  return WriteFileAtomically(path, text);
}

namespace {

class StdoutSink : public TextSink {
 public:
  Status Write(std::string_view text) override {
    std::cout << text;
    return std::cout ? Status::Ok() : DataLoss("cannot write to standard output");
  }
};

}  // namespace

Status EmitOutputInPieces(const std::string& path, const std::function<Status(TextSink&)>& write) {
  if (path.empty() || path == "-") {
    StdoutSink out;
    GL_RETURN_IF_ERROR(write(out));
    std::cout.flush();
    return std::cout ? Status::Ok() : DataLoss("cannot write to standard output");
  }
  GL_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> file, AtomicFileWriter::Create(path));
  GL_RETURN_IF_ERROR(write(*file));
  return file->Commit();
}

bool UseColor(bool no_color_flag, const std::string& output_path) {
  if (no_color_flag || !(output_path.empty() || output_path == "-")) return false;
  if (const char* force = std::getenv("CLICOLOR_FORCE"); force && *force && std::string(force) != "0") {
    return true;
  }
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

Status CheckFormat(const std::string& format, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed) {
    if (a == format) return Status::Ok();
  }
  std::string message = "unknown format '" + format + "'";
  if (auto near = ClosestMatch(format, allowed)) message += " (did you mean '" + *near + "'?)";
  message += "; choose one of:";
  for (const auto& a : allowed) message += " " + a;
  return InvalidArgument(message);
}

}  // namespace greenlight::cli
