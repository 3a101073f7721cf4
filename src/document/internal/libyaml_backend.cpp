// libyaml event stream -> Document. Containers are attached to their parent when they close,
// so that alias-expansion sizes are complete when added up.
#include <yaml.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "document/internal/backends.h"
#include "document/internal/builder.h"

namespace greenlight::document {
namespace {

struct ParserDeleter {
  void operator()(yaml_parser_t* p) const {
    yaml_parser_delete(p);
    delete p;
  }
};

struct EventGuard {
  yaml_event_t event;
  ~EventGuard() { yaml_event_delete(&event); }
};

ScalarStyle StyleOf(yaml_scalar_style_t style) {
  switch (style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return ScalarStyle::kSingleQuoted;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return ScalarStyle::kDoubleQuoted;
    case YAML_LITERAL_SCALAR_STYLE: return ScalarStyle::kLiteral;
    case YAML_FOLDED_SCALAR_STYLE: return ScalarStyle::kFolded;
    default: return ScalarStyle::kPlain;
  }
}

std::string TagOf(const yaml_char_t* tag) {
  return tag ? std::string(reinterpret_cast<const char*>(tag)) : std::string();
}

class LibyamlTreeBuilder {
 public:
  explicit LibyamlTreeBuilder(uint32_t first_line) : first_line_(first_line) {}

  StatusOr<Document> Run(std::string_view text) {
    std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
    if (!yaml_parser_initialize(parser.get())) return Internal("cannot initialise libyaml");
    yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    yaml_parser_set_encoding(parser.get(), YAML_UTF8_ENCODING);
    int documents = 0;
    for (;;) {
      EventGuard guard;
      if (!yaml_parser_parse(parser.get(), &guard.event)) return ParserError(*parser);
      const yaml_event_t& e = guard.event;
      if (e.type == YAML_STREAM_END_EVENT) break;
      if (e.type == YAML_DOCUMENT_START_EVENT && ++documents > 1) {
        return Located(InvalidArgument("expected one document, found a second one"), e.start_mark);
      }
      GL_RETURN_IF_ERROR(Handle(e));
    }
    return builder_.Take();
  }

 private:
  Mark ToMark(const yaml_mark_t& m) const {
    return Mark{static_cast<uint32_t>(m.line) + first_line_, static_cast<uint32_t>(m.column) + 1};
  }

  Status Located(Status status, const yaml_mark_t& m) const {
    Mark mark = ToMark(m);
    return status.WithLocation(Location{"", mark.line, mark.column, -1});
  }

  Status ParserError(const yaml_parser_t& p) const {
    std::string message = p.problem ? p.problem : "invalid YAML";
    if (p.context) {
      Mark c = ToMark(p.context_mark);
      message += " (" + std::string(p.context) + " at line " + std::to_string(c.line) +
                 " column " + std::to_string(c.column) + ")";
    }
    return Located(InvalidArgument(message), p.problem_mark);
  }

  Status Handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        Node* node = builder_.NewScalar(
            ToMark(e.start_mark), std::string_view(reinterpret_cast<const char*>(s.value), s.length),
            StyleOf(s.style), TagOf(s.tag));
        Remember(s.anchor, node);
        return Attach(node, e.start_mark);
      }
      case YAML_SEQUENCE_START_EVENT:
        if (Status s = builder_.EnterContainer(); !s.ok()) return Located(s, e.start_mark);
        open_.push_back({builder_.NewSequence(ToMark(e.start_mark), TagOf(e.data.sequence_start.tag)),
                         nullptr, TagOf(e.data.sequence_start.anchor)});
        return Status::Ok();
      case YAML_MAPPING_START_EVENT:
        if (Status s = builder_.EnterContainer(); !s.ok()) return Located(s, e.start_mark);
        open_.push_back({builder_.NewMapping(ToMark(e.start_mark), TagOf(e.data.mapping_start.tag)),
                         nullptr, TagOf(e.data.mapping_start.anchor)});
        return Status::Ok();
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame frame = open_.back();
        open_.pop_back();
        builder_.LeaveContainer();
        if (frame.node->IsMapping()) {
          if (Status s = builder_.FinishMapping(frame.node); !s.ok()) return Located(s, e.start_mark);
        }
        if (!frame.anchor.empty()) anchors_[frame.anchor] = frame.node;
        return Attach(frame.node, e.start_mark);
      }
      case YAML_ALIAS_EVENT: {
        std::string name = TagOf(e.data.alias.anchor);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          return Located(InvalidArgument("found undefined alias '" + name + "'"), e.start_mark);
        }
        if (Status s = builder_.UseAlias(it->second); !s.ok()) return Located(s, e.start_mark);
        return Attach(it->second, e.start_mark);
      }
      default:
        return Status::Ok();
    }
  }

  void Remember(const yaml_char_t* anchor, const Node* node) {
    if (anchor) anchors_[TagOf(anchor)] = node;
  }

  Status Attach(const Node* node, const yaml_mark_t& at) {
    if (open_.empty()) {
      Status status = builder_.SetRoot(node);
      return status.ok() || status.location() ? status : Located(status, at);
    }
    Frame& top = open_.back();
    Status status;
    if (top.node->IsSequence()) {
      status = builder_.AddItem(top.node, node);
    } else if (!top.pending_key) {
      top.pending_key = node;
      if (!node->IsScalar()) {
        Status key_error = builder_.AddEntry(top.node, node, node);  // refuses the key
        const Mark& m = node->mark();
        return key_error.WithLocation(Location{"", m.line, m.column, -1});
      }
    } else {
      status = builder_.AddEntry(top.node, top.pending_key, node);
      top.pending_key = nullptr;
    }
    return status.ok() || status.location() ? status : Located(status, at);
  }

  struct Frame {
    Node* node;
    const Node* pending_key;
    std::string anchor;
  };

  uint32_t first_line_;
  DocumentBuilder builder_;
  std::vector<Frame> open_;
  std::unordered_map<std::string, const Node*> anchors_;
};

}  // namespace

StatusOr<Document> ParseWithLibyaml(std::string_view text, uint32_t first_line) {
  return LibyamlTreeBuilder(first_line).Run(text);
}

}  // namespace greenlight::document
