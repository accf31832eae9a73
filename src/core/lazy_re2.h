// LazyRE2: see the class comment.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <string>

namespace modelshift {

// An RE2 compiled on first use (thread-safe), shaped like the unique_ptr it
// replaces. The call-site rules hold ~200 patterns and the catalog ~100, and
// a pre-commit check uses a few; compiling them all was a quarter of its
// start-up. Rules from --rules DIR are compiled (checked) at load instead.
class LazyRE2 {
 public:
  LazyRE2() = default;
  LazyRE2(std::string pattern, const RE2::Options& options) : state_(std::make_unique<State>()) {
    state_->pattern = std::move(pattern);
    state_->options = options;
  }
  // Already compiled (and checked by the caller).
  explicit LazyRE2(std::unique_ptr<RE2> compiled) {
    if (!compiled) return;
    state_ = std::make_unique<State>();
    state_->pattern = compiled->pattern();
    state_->options = compiled->options();
    std::call_once(state_->once, [&] { state_->re = std::move(compiled); });
  }
  explicit operator bool() const { return state_ != nullptr; }
  const RE2* get() const {
    if (!state_) return nullptr;
    std::call_once(state_->once, [s = state_.get()] { s->re = std::make_unique<RE2>(s->pattern, s->options); });
    return state_->re.get();
  }
  const RE2& operator*() const { return *get(); }
  const RE2* operator->() const { return get(); }

 private:
  struct State {
    std::string pattern;
    RE2::Options options;
    std::once_flag once;
    std::unique_ptr<RE2> re;
  };
  std::unique_ptr<State> state_;
};

}  // namespace modelshift
