// yaml-cpp -> Document: the reference backend. Slow (yaml-cpp builds its own tree first) but an
// independent YAML implementation, so the differential test can show that the libyaml fast
// path changes nothing.
#include <yaml-cpp/yaml.h>

#include "document/internal/backends.h"
#include "document/internal/builder.h"

namespace greenlight::document {
namespace {

class YamlCppConverter {
 public:
  explicit YamlCppConverter(uint32_t first_line) : first_line_(first_line) {}

  StatusOr<const Node*> Convert(const YAML::Node& in) {
    // yaml-cpp resolves aliases to shared nodes without saying which were aliases, so the
    // reference path bounds the total it visits: written nodes plus alias expansion.
    if (++converted_ > kMaxNodesPerStream + kMaxAliasExpansion) {
      return InvalidArgument("aliases expand to more than " + std::to_string(kMaxAliasExpansion) +
                             " nodes; refusing the document (alias bomb?)");
    }
    Mark mark{static_cast<uint32_t>(in.Mark().line) + first_line_,
              static_cast<uint32_t>(in.Mark().column) + 1};
    // yaml-cpp reports "?" for plain scalars and "!" for quoted ones without an explicit tag.
    std::string tag = in.Tag();
    bool plain = tag == "?" || tag.empty();
    if (tag == "?" || tag == "!") tag.clear();
    switch (in.Type()) {
      case YAML::NodeType::Null:
        return static_cast<const Node*>(builder_.NewScalar(mark, "", ScalarStyle::kPlain, tag));
      case YAML::NodeType::Scalar:
        return static_cast<const Node*>(builder_.NewScalar(
            mark, in.Scalar(), plain ? ScalarStyle::kPlain : ScalarStyle::kDoubleQuoted, tag));
      case YAML::NodeType::Sequence: {
        if (Status s = builder_.EnterContainer(); !s.ok()) return AtMark(s, mark);
        Node* seq = builder_.NewSequence(mark, tag);
        for (const auto& item : in) {
          GL_ASSIGN_OR_RETURN(const Node* child, Convert(item));
          if (Status s = builder_.AddItem(seq, child); !s.ok()) return AtMark(s, child->mark());
        }
        builder_.LeaveContainer();
        return static_cast<const Node*>(seq);
      }
      case YAML::NodeType::Map: {
        if (Status s = builder_.EnterContainer(); !s.ok()) return AtMark(s, mark);
        Node* map = builder_.NewMapping(mark, tag);
        for (const auto& entry : in) {
          GL_ASSIGN_OR_RETURN(const Node* key, Convert(entry.first));
          GL_ASSIGN_OR_RETURN(const Node* value, Convert(entry.second));
          if (Status s = builder_.AddEntry(map, key, value); !s.ok()) return AtMark(s, key->mark());
        }
        builder_.LeaveContainer();
        GL_RETURN_IF_ERROR(builder_.FinishMapping(map));
        return static_cast<const Node*>(map);
      }
      default:
        return static_cast<const Node*>(nullptr);
    }
  }

  StatusOr<Document> Finish(const Node* root) {
    GL_RETURN_IF_ERROR(builder_.SetRoot(root));
    return builder_.Take();
  }

 private:
  static Status AtMark(Status status, const Mark& m) {
    if (status.location()) return status;
    return status.WithLocation(Location{"", m.line, m.column, -1});
  }

  uint32_t first_line_;
  uint64_t converted_ = 0;
  DocumentBuilder builder_;
};

}  // namespace

StatusOr<Document> ParseWithYamlCpp(std::string_view text, uint32_t first_line) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks are 0-based; Location is 1-based.
    return InvalidArgument(e.msg).WithLocation(
        Location{"", static_cast<uint32_t>(e.mark.line) + first_line,
                 static_cast<uint32_t>(e.mark.column) + 1, -1});
  }
  if (docs.size() > 1) return InvalidArgument("expected one document, found a second one");
  YamlCppConverter converter(first_line);
  if (docs.empty()) return converter.Finish(nullptr);
  GL_ASSIGN_OR_RETURN(const Node* root, converter.Convert(docs.front()));
  return converter.Finish(root);
}

}  // namespace greenlight::document
