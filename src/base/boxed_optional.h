// File: src/base/boxed_optional.h
// BoxedOptional<T>: std::optional's interface with the value kept on the heap, for a big value
// that most holders lack. A Finding holds the API facts (nine strings) only for API findings
// and a Helm release only for cluster dumps: inline optionals made every finding about 1.1 KB
// before any of its text, which tens of thousands of findings pay for the whole run (issue 16).
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace greenlight {

template <typename T>
class BoxedOptional {
 public:
  BoxedOptional() = default;
  BoxedOptional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): as std::optional
  BoxedOptional(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: as std::optional
  BoxedOptional(const BoxedOptional& other) : value_(other ? std::make_unique<T>(*other) : nullptr) {}
  BoxedOptional(BoxedOptional&&) noexcept = default;
  BoxedOptional& operator=(const BoxedOptional& other) {
    if (this != &other) value_ = other ? std::make_unique<T>(*other) : nullptr;
    return *this;
  }
  BoxedOptional& operator=(BoxedOptional&&) noexcept = default;
  BoxedOptional& operator=(std::nullopt_t) {
    value_.reset();
    return *this;
  }
  BoxedOptional& operator=(T value) {
    value_ = std::make_unique<T>(std::move(value));
    return *this;
  }

  template <typename... Args>
  T& emplace(Args&&... args) {
    value_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *value_;
  }
  void reset() { value_.reset(); }

  bool has_value() const { return value_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }
  T& value() {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }
  const T& value() const {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }

 private:
  std::unique_ptr<T> value_;
};

/// SharedOptional<T>: std::optional's read interface with one immutable value shared by every
/// copy. What many findings hold alike (the API facts of one catalog entry: notes, source URL,
/// versions) is then held once, not once per finding.
template <typename T>
class SharedOptional {
 public:
  SharedOptional() = default;
  SharedOptional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): as std::optional
  SharedOptional(T value) : value_(std::make_shared<const T>(std::move(value))) {}  // NOLINT: as std::optional
  explicit SharedOptional(std::shared_ptr<const T> shared) : value_(std::move(shared)) {}
  SharedOptional& operator=(T value) {
    value_ = std::make_shared<const T>(std::move(value));
    return *this;
  }
  void reset() { value_.reset(); }

  bool has_value() const { return value_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_.get(); }
  const std::shared_ptr<const T>& shared() const { return value_; }

 private:
  std::shared_ptr<const T> value_;
};

}  // namespace greenlight
