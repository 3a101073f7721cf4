#include "document/node.h"

#include <algorithm>
#include <cctype>

namespace greenlight::document {
namespace {

bool IsDigitOrUnderscore(char c, int base) {
  if (c == '_') return true;
  if (base == 2) return c == '0' || c == '1';
  if (base == 8) return c >= '0' && c <= '7';
  if (base == 16) return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool AllOf(std::string_view s, int base) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return IsDigitOrUnderscore(c, base); });
}

// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+ and the float variant's integer part: base-60 numbers.
bool IsSexagesimal(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view head = s.substr(0, colon);
  if (!AllOf(head, 10)) return false;
  std::string_view rest = s.substr(colon);
  while (!rest.empty()) {
    if (rest.front() != ':') return false;
    rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && n < 2 && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 0) return false;
    if (n == 2 && rest[0] > '5') return false;
    rest.remove_prefix(n);
  }
  return true;
}

bool IsInt(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  if (s.starts_with("0b")) return AllOf(s.substr(2), 2);
  if (s.starts_with("0x")) return AllOf(s.substr(2), 16);
  if (s == "0") return true;
  if (s.front() == '0') return AllOf(s.substr(1), 8);
  if (s.front() >= '1' && s.front() <= '9') {
    if (AllOf(s, 10)) return true;
    return IsSexagesimal(s);
  }
  return false;
}

bool IsExponent(std::string_view s) {
  // [eE][-+][0-9]+ (PyYAML requires the sign)
  return s.size() >= 3 && (s[0] == 'e' || s[0] == 'E') && (s[1] == '-' || s[1] == '+') &&
         std::all_of(s.begin() + 2, s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool IsFloat(std::string_view s) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  std::string_view unsigned_part = s;
  if (!unsigned_part.empty() && (unsigned_part.front() == '-' || unsigned_part.front() == '+')) {
    unsigned_part.remove_prefix(1);
  }
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF") return true;
  // \.[0-9_]+(exp)?  (no sign allowed by PyYAML's regex)
  if (s.front() == '.') {
    std::string_view frac = s.substr(1);
    size_t e = frac.find_first_of("eE");
    std::string_view digits = frac.substr(0, e);
    if (!AllOf(digits, 10)) return false;
    return e == std::string_view::npos || IsExponent(frac.substr(e));
  }
  s = unsigned_part;
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = s.substr(dot + 1);
  if (whole.find(':') != std::string_view::npos) {
    // [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
    return IsSexagesimal(whole) && (frac.empty() || AllOf(frac, 10));
  }
  if (!AllOf(whole, 10)) return false;
  size_t e = frac.find_first_of("eE");
  std::string_view digits = frac.substr(0, e);
  if (!digits.empty() && !AllOf(digits, 10)) return false;
  return e == std::string_view::npos || IsExponent(frac.substr(e));
}

}  // namespace

ScalarType ResolvePlainScalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarType::kNull;
  switch (s.front()) {
    case 'y': case 'Y': case 'n': case 'N': case 't': case 'T': case 'f': case 'F': case 'o': case 'O':
      if (s == "yes" || s == "Yes" || s == "YES" || s == "no" || s == "No" || s == "NO" ||
          s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
          s == "FALSE" || s == "on" || s == "On" || s == "ON" || s == "off" || s == "Off" ||
          s == "OFF") {
        return ScalarType::kBool;
      }
      return ScalarType::kString;
    default:
      break;
  }
  if (IsInt(s)) return ScalarType::kInt;
  if (IsFloat(s)) return ScalarType::kFloat;
  return ScalarType::kString;
}

ScalarType Node::scalar_type() const {
  if (!tag_.empty()) {
    static constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
    if (tag_.starts_with(kPrefix)) {
      std::string_view t = std::string_view(tag_).substr(kPrefix.size());
      if (t == "str") return ScalarType::kString;
      if (t == "null") return ScalarType::kNull;
      if (t == "bool") return ScalarType::kBool;
      if (t == "int") return ScalarType::kInt;
      if (t == "float") return ScalarType::kFloat;
    }
    if (tag_ == "!") return ScalarType::kString;  // non-specific tag on a quoted scalar
  }
  if (style_ != ScalarStyle::kPlain) return ScalarType::kString;
  return ResolvePlainScalar(scalar_);
}

namespace {

constexpr size_t kNodesPerBlock = 64;
constexpr size_t kMaxPooledBlocks = 256;  // per thread: 16K nodes kept for reuse
constexpr size_t kMaxKeptScalar = 256;    // bytes of scalar buffer a pooled node keeps
constexpr size_t kMaxKeptChildren = 64;   // container slots a pooled node keeps

struct NodePool {
  std::vector<Node*> free_blocks;
  ~NodePool();
};
// Trivially destructible, so that it can be read after the pool's destructor ran (a Document
// dropped late in a thread's exit gives its blocks straight back to the heap).
thread_local bool t_pool_gone = false;

NodePool::~NodePool() {
  t_pool_gone = true;
  for (Node* block : free_blocks) delete[] block;
}

NodePool* ThreadPool() {
  if (t_pool_gone) return nullptr;
  thread_local NodePool pool;
  return &pool;
}

}  // namespace

void Node::Reset() {
  type_ = NodeType::kScalar;
  style_ = ScalarStyle::kPlain;
  mark_ = Mark{};
  expanded_size_ = 1;
  tag_.clear();
  if (scalar_.capacity() > kMaxKeptScalar) {
    std::string().swap(scalar_);
  } else {
    scalar_.clear();
  }
  if (entries_.capacity() > kMaxKeptChildren) {
    std::vector<Entry>().swap(entries_);
  } else {
    entries_.clear();
  }
  if (items_.capacity() > kMaxKeptChildren) {
    std::vector<const Node*>().swap(items_);
  } else {
    items_.clear();
  }
}

Node& Document::NewNode() {
  if (blocks_.empty() || last_block_used_ == kNodesPerBlock) {
    NodePool* pool = ThreadPool();
    Node* block = nullptr;
    if (pool != nullptr && !pool->free_blocks.empty()) {
      block = pool->free_blocks.back();
      pool->free_blocks.pop_back();
    } else {
      block = new Node[kNodesPerBlock];
    }
    blocks_.push_back(block);
    last_block_used_ = 0;
  }
  return blocks_.back()[last_block_used_++];
}

void Document::Release() {
  NodePool* pool = blocks_.empty() ? nullptr : ThreadPool();
  for (size_t b = 0; b < blocks_.size(); ++b) {
    const size_t used = b + 1 == blocks_.size() ? last_block_used_ : kNodesPerBlock;
    if (pool != nullptr && pool->free_blocks.size() < kMaxPooledBlocks) {
      for (size_t i = 0; i < used; ++i) blocks_[b][i].Reset();
      pool->free_blocks.push_back(blocks_[b]);
    } else {
      delete[] blocks_[b];
    }
  }
  blocks_.clear();
  last_block_used_ = 0;
  root_ = nullptr;
}

Document::~Document() { Release(); }

size_t Document::node_count() const {
  return blocks_.empty() ? 0 : (blocks_.size() - 1) * kNodesPerBlock + last_block_used_;
}

Document::Document(Document&& other) noexcept { *this = std::move(other); }

Document& Document::operator=(Document&& other) noexcept {
  if (this == &other) return *this;
  Release();
  blocks_ = std::move(other.blocks_);
  last_block_used_ = other.last_block_used_;
  root_ = other.root_;
  index_ = other.index_;
  start_line_ = other.start_line_;
  helm_source_ = std::move(other.helm_source_);
  other.blocks_.clear();
  other.last_block_used_ = 0;
  other.root_ = nullptr;
  return *this;
}

const Node* Node::Get(std::string_view key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first->scalar_ == key) return it->second;
  }
  return nullptr;
}

const Node* Node::GetKey(std::string_view key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first->scalar_ == key) return it->first;
  }
  return nullptr;
}

}  // namespace greenlight::document
