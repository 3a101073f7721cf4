// JUnit XML, the test-report format CI servers render (Jenkins, GitLab, Azure DevOps): each file
// is a test suite and each object checked is a test case, failing with one <failure> per finding.
// Findings that belong to no object (a file that did not read or parse) are test cases of their
// own with an <error>, since nothing in them could be checked.
#include <map>
#include <sstream>
#include <tuple>

#include "checks/rule_info.h"
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;

// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
std::string Xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (u >= 0x20) out += c;  // other control characters are not allowed in XML 1.0
    }
  }
  return out;
}

std::string ObjectName(const std::string& api_version, const std::string& kind,
                       const std::string& namespace_name, const std::string& name) {
  std::string out = api_version + " " + kind + " ";
  if (!namespace_name.empty()) out += namespace_name + "/";
  return out + (name.empty() ? "(unnamed)" : name);
}

struct TestCase {
  std::string name;
  uint32_t line = 0;
  std::vector<const Finding*> findings;
  bool is_error = false;  // the file could not be checked
};

using ObjectKey = std::tuple<int, int, std::string, std::string, std::string>;  // doc, item, kind, ns, name

std::string FailureText(const Finding& f) {
  std::string text = f.location.ToString() + ": " + f.message;
  if (!f.help.empty()) text += "\nhelp: " + f.help;
  if (f.api && !f.api->replacement.empty()) text += "\nreplacement: " + f.api->replacement;
  if (!f.excerpt.empty()) text += "\n  " + f.excerpt;
  return text;
}

}  // namespace

std::string WriteJUnit(const std::vector<Finding>& findings, const std::vector<CheckedObject>& objects,
                       const ReportContext& context) {
  // file -> its test cases, in object order
  std::map<std::string, std::vector<TestCase>> suites;
  std::map<std::string, std::map<ObjectKey, size_t>> index;
  for (const CheckedObject& o : objects) {
    auto& cases = suites[o.location.file];
    index[o.location.file].emplace(
        ObjectKey{o.location.document, o.item, o.kind, o.namespace_name, o.name}, cases.size());
    cases.push_back({ObjectName(o.api_version, o.kind, o.namespace_name, o.name) + " (line " +
                         std::to_string(o.location.line) + ")",
                     o.location.line, {}, false});
  }
  for (const Finding& f : findings) {
    auto& cases = suites[f.location.file];
    auto& file_index = index[f.location.file];
    auto it = file_index.find(ObjectKey{f.location.document, f.item, f.kind, f.namespace_name, f.name});
    if (!f.kind.empty() && it != file_index.end()) {
      cases[it->second].findings.push_back(&f);
      continue;
    }
    std::string name = f.kind.empty() ? "document " + std::to_string(f.location.document + 1)
                                      : ObjectName(f.api_version, f.kind, f.namespace_name, f.name);
    if (f.location.document < 0 && f.kind.empty()) name = "file";
    TestCase extra{name + " (line " + std::to_string(f.location.line) + ")", f.location.line, {&f},
                   f.kind.empty() && f.severity == checks::Severity::kError};
    cases.push_back(std::move(extra));
  }

  size_t total = 0, failures = 0, errors = 0;
  std::ostringstream body;
  for (const auto& [file, cases] : suites) {
    size_t suite_failures = 0, suite_errors = 0;
    for (const TestCase& c : cases) {
      if (c.findings.empty()) continue;
      ++(c.is_error ? suite_errors : suite_failures);
    }
    total += cases.size();
    failures += suite_failures;
    errors += suite_errors;
    body << "  <testsuite name=\"" << Xml(file) << "\" tests=\"" << cases.size() << "\" failures=\""
         << suite_failures << "\" errors=\"" << suite_errors << "\" skipped=\"0\">\n";
    for (const TestCase& c : cases) {
      body << "    <testcase classname=\"" << Xml(file) << "\" name=\"" << Xml(c.name) << "\" file=\""
           << Xml(file) << "\" line=\"" << c.line << "\"";
      if (c.findings.empty()) {
        body << "/>\n";
        continue;
      }
      body << ">\n";
      for (const Finding* f : c.findings) {
        const char* element = c.is_error ? "error" : "failure";
        body << "      <" << element << " type=\"" << Xml(f->rule_id + " " + f->rule_name) << "\" message=\""
             << Xml(std::string(checks::SeverityName(f->severity)) + ": " + f->message) << "\">"
             << Xml(FailureText(*f)) << "</" << element << ">\n";
      }
      body << "    </testcase>\n";
    }
    body << "  </testsuite>\n";
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << Xml("greenlight scan --target " + context.target) << "\" tests=\""
      << total << "\" failures=\"" << failures << "\" errors=\"" << errors << "\">\n";
  out << body.str();
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace greenlight::report
