// Events as read, grouped by case, and each case's history folded for
// evaluation (amendments applied, ordered, "as known at" a time).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/value.hpp"

namespace carerules {

struct Event {
  std::int32_t type = -1;  // event type id in the Program
  Date date;
  Timestamp recorded;       // defaults to date at 00:00Z
  std::uint32_t order = 0;  // input order (line order), tie-breaker
  std::uint32_t id = 0;     // string id
  std::uint32_t amends = 0; // string id of the event it corrects; 0 when none
  std::uint32_t source_line = 0;
  std::uint64_t content_hash = 0;  // of the input line, to recognise identical duplicates
  const Value* fields = nullptr;   // one per field of the event type's record
};

struct CaseEvents {
  std::uint32_t case_id = 0;                // string id
  std::vector<const Event*> events;         // as read, input order
  std::vector<const Event*> history;        // folded: see fold_case
};

// Owns every event, value and text of one load. Pointers stay valid for its
// lifetime (chunked storage, never reallocated).
class CaseBase {
 public:
  CaseBase() = default;
  CaseBase(const CaseBase&) = delete;
  CaseBase& operator=(const CaseBase&) = delete;

  StringPool strings;
  std::vector<CaseEvents> cases;  // in order of first appearance

  // Space for `count` values, zero-initialised as unknown.
  Value* allocate_values(std::size_t count);
  Event* add_event();
  // The case with this id, created at the end if new.
  CaseEvents& case_for(std::uint32_t case_id) { return cases[case_index(case_id)]; }
  // Its index in `cases`, the case created at the end if new.
  std::uint32_t case_index(std::uint32_t case_id);
  // The case with this id, or null when there is none (never creates one).
  const CaseEvents* find_case(std::string_view case_id) const;
  std::size_t event_count() const { return event_count_; }
  // Room for about `count` more cases and `texts` more texts (a hint).
  void reserve(std::size_t count, std::size_t texts);
  // The events in the order add_event made them: event(i) for i < event_count().
  Event* event(std::size_t index) const {
    if (index < kFirstEvents) return reinterpret_cast<Event*>(event_chunks_[0].data()) + index;
    index -= kFirstEvents;
    return reinterpret_cast<Event*>(event_chunks_[1 + index / kEventsPerChunk].data()) + index % kEventsPerChunk;
  }

  // A sorted, unique set of text ids, kept for the base's lifetime.
  const std::vector<std::uint32_t>* add_text_set(std::vector<std::uint32_t> texts);

  // Input lines seen so far, across files: the next event's `order` comes
  // from here so order keeps rising from one file to the next.
  std::uint32_t lines_read = 0;
  // Marks the start of a file: later events are attributed to it.
  void begin_file(std::string_view name);
  // The file an event was read from ("" when it came from no file).
  std::string_view file_of(const Event& event) const;

  // The first event read with this id in this case, or null. Duplicates and
  // amendments are checked against it.
  const Event* find_event(std::uint32_t case_id, std::uint32_t event_id) const;
  // Records `event` as the first with its id in its case.
  void index_event(std::uint32_t case_id, const Event* event);

 private:
  // Small first chunks for small bases (a test, a single case), then chunks
  // of a huge page.
  static constexpr std::size_t kFirstEvents = (std::size_t(64) << 10) / sizeof(Event);
  static constexpr std::size_t kEventsPerChunk = (std::size_t(2) << 20) / sizeof(Event);
  std::vector<PageMemory> value_chunks_;
  std::size_t chunk_used_ = 0, chunk_size_ = 0;  // in values
  std::vector<PageMemory> event_chunks_;         // kFirstEvents, then kEventsPerChunk events each
  std::size_t event_count_ = 0;
  PageMemory case_index_;  // by case string id: index in `cases` + 1; 0 when none
  void reserve_cases(std::size_t capacity);
  std::deque<std::vector<std::uint32_t>> text_sets_;
  std::vector<std::pair<std::uint32_t, std::string>> files_;  // first order, name
  // Event ids are nearly always unique across cases, so one slot per id
  // string covers almost every event; the map takes ids reused in other cases.
  struct IdSlot {
    std::uint32_t event;  // index + 1 (0: none)
    std::uint32_t case_id;
  };
  PageMemory event_by_id_;  // IdSlot by event string id
  // The index of an event made by add_event, or SIZE_MAX.
  std::size_t index_of(const Event* event) const;
  std::unordered_map<std::uint64_t, const Event*> event_by_case_and_id_;
};

}  // namespace carerules
