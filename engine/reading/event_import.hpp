// One file's import into a CaseBase, line by line, whichever reader read the
// line: the messages, an event's envelope, identical duplicates, corrections
// (`amends`), and the events' places in their cases' lists.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/case_base.hpp"
#include "engine/event_reader.hpp"
#include "engine/reading/line_scan.hpp"

namespace carerules::reading {

// The envelope of the line being read.
struct Head {
  std::uint32_t case_id = 0, amends = 0;  // string ids; 0 = absent (empty is refused)
  std::string_view id;  // interned once the line is good (in the parser's buffer till then)
  std::uint32_t id_hash = 0;  // StringPool::hash(id)
  int type = -1;
  bool has_date = false, has_recorded = false;
  Date date;
  Timestamp recorded;
  unsigned seen = 0;  // envelope fields present, by bit
};

class EventImport {
 public:
  EventImport(CaseBase& base, std::string_view file, std::vector<EventError>& errors)
      : base_(base), file_(file), errors_(errors) {}

  // The line that messages and events are about from now on.
  void at_line(std::uint32_t line) { line_ = line; }
  // Reports the line's problem; false, for `return fail(...)`.
  bool fail(std::string message, bool warning = false) {
    errors_.push_back(EventError{std::string(file_), line_, std::move(message), warning});
    return false;
  }
  std::size_t error_count() const { return errors_.size(); }
  // Takes back the messages after the first `count`.
  void drop_errors(std::size_t count) { errors_.resize(count); }

  // A case's events usually come together: the last case id saves a lookup.
  // Whether `text` (with 32 readable bytes: it is in a line) is that case.
  [[gnu::always_inline]] bool is_last_case(std::string_view text) const { return last_case_.is(text, true); }
  // The string id of case `text`.
  [[gnu::always_inline]] std::uint32_t case_id(std::string_view text) {
    if (!last_case_.is(text)) last_case_.set(text, base_.strings.intern(text));
    return last_case_.id;
  }
  // The same for `text` in a line, whose StringPool::hash is `hash` unless
  // it is the last case.
  [[gnu::always_inline]] std::uint32_t case_id(std::string_view text, std::uint32_t hash) {
    if (!last_case_.is(text, true)) last_case_.set(text, base_.strings.intern(text, hash));
    return last_case_.id;
  }

  // The event of a good line (`line`: its bytes) into the base, unless it is
  // an identical duplicate; false (and a message) for an event id used again
  // without `amends`, or `amends` naming no earlier event of the case.
  bool add_event(const Head& head, const Value* values, std::string_view line);
  // Appends the events read (from event `first` of the base on) to their cases.
  void finish(std::size_t first);

 private:
  CaseBase& base_;
  std::string_view file_;
  std::vector<EventError>& errors_;
  std::uint32_t line_ = 0;
  struct LastCase {
    std::string text;      // with room for 32 bytes after it, for same_masked
    std::uint32_t id = 0;  // 0: none yet
    // `padded`: other has 32 readable bytes (it is in a line).
    [[gnu::always_inline]] bool is(std::string_view other, bool padded = false) const {
      if (id == 0 || other.size() != text.size()) return false;
      if (padded && other.size() <= 32) {
        return same_masked(other.data(), text.data(), other.size() == 32 ? ~0u : (1u << other.size()) - 1);
      }
      return other == std::string_view(text).substr(0, other.size());
    }
    void set(std::string_view other, std::uint32_t other_id) {
      text.assign(other);
      text.resize(other.size() + 32, '\0');
      text.resize(other.size());
      id = other_id;
    }
  } last_case_;

  // Events go to their cases' lists at the end of the file, each list grown
  // once: runs of consecutive events of one case, in input order.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runs_;  // case index, events
  std::uint32_t run_case_id_ = UINT32_MAX, run_case_index_ = 0;   // the last event's case
  void add_to_case(std::uint32_t case_index) {
    if (!runs_.empty() && runs_.back().first == case_index) {
      ++runs_.back().second;
    } else {
      runs_.emplace_back(case_index, 1);
    }
  }
};

}  // namespace carerules::reading
