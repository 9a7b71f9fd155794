#include "engine/case_base.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif


namespace carerules {

namespace {
// Values come in chunks of 2 MiB (more for a larger request), which Linux can
// back with huge pages: a million cases touch gigabytes of fresh memory, and
// taking a page fault per 4 KiB costs more than reading the JSON. The first
// chunk is small: many bases hold a single case.
constexpr std::size_t kChunkBytes = std::size_t(2) << 20;
constexpr std::size_t kFirstChunkBytes = std::size_t(64) << 10;

std::uint64_t case_and_id(std::uint32_t case_id, std::uint32_t event_id) {
  return std::uint64_t(case_id) << 32 | event_id;
}
}  // namespace

Value* CaseBase::allocate_values(std::size_t count) {
  if (value_chunks_.empty() || chunk_used_ + count > chunk_size_) {
    // Fresh pages are zero, and all-zero bytes are Value::unknown().
    const std::size_t unit = value_chunks_.empty() ? kFirstChunkBytes : kChunkBytes;
    const std::size_t bytes = (std::max<std::size_t>(count, 1) * sizeof(Value) + unit - 1) / unit * unit;
    PageMemory& chunk = value_chunks_.emplace_back();
    chunk.grow_to(bytes);
    chunk_size_ = chunk.bytes() / sizeof(Value);
    chunk_used_ = 0;
  }
  Value* values = reinterpret_cast<Value*>(value_chunks_.back().data()) + chunk_used_;
  chunk_used_ += count;
  return values;
}

Event* CaseBase::add_event() {
  const std::size_t index = event_count_;
  if (index == 0) {
    event_chunks_.emplace_back().grow_to(kFirstEvents * sizeof(Event));
  } else if (index >= kFirstEvents && (index - kFirstEvents) % kEventsPerChunk == 0) {
    event_chunks_.emplace_back().grow_to(kEventsPerChunk * sizeof(Event));
  }
  ++event_count_;
  return new (event(index)) Event();
}

std::uint32_t CaseBase::case_index(std::uint32_t case_id) {
  if ((std::size_t(case_id) + 1) * sizeof(std::uint32_t) > case_index_.bytes()) {
    case_index_.grow_to((std::size_t(case_id) + 1) * sizeof(std::uint32_t));
  }
  std::uint32_t& index = reinterpret_cast<std::uint32_t*>(case_index_.data())[case_id];
  if (index == 0) {
    if (cases.size() == cases.capacity()) reserve_cases(std::max<std::size_t>(1024, 2 * cases.capacity()));
    cases.emplace_back().case_id = case_id;
    index = static_cast<std::uint32_t>(cases.size());
  }
  return index - 1;
}

const CaseEvents* CaseBase::find_case(std::string_view case_id) const {
  const std::uint32_t id = strings.find(case_id);
  if (id == UINT32_MAX || (std::size_t(id) + 1) * sizeof(std::uint32_t) > case_index_.bytes()) return nullptr;
  const std::uint32_t index = reinterpret_cast<const std::uint32_t*>(case_index_.data())[id];
  return index == 0 ? nullptr : &cases[index - 1];
}

void CaseBase::reserve(std::size_t count, std::size_t texts) {
  if (cases.size() + count > cases.capacity()) reserve_cases(cases.size() + count);
  strings.reserve(texts);
}

// Millions of cases are a large block of fresh memory: ask for huge pages
// (a hint) rather than take a fault every 4 KiB.
void CaseBase::reserve_cases(std::size_t capacity) {
  cases.reserve(capacity);
#if defined(__linux__)
  constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(cases.data());
  const std::uintptr_t first = (start + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = (start + cases.capacity() * sizeof(CaseEvents)) & ~(kHuge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
}

const std::vector<std::uint32_t>* CaseBase::add_text_set(std::vector<std::uint32_t> texts) {
  return &text_sets_.emplace_back(std::move(texts));
}

void CaseBase::begin_file(std::string_view name) {
  files_.emplace_back(lines_read + 1, std::string(name));
}

std::string_view CaseBase::file_of(const Event& event) const {
  auto after = std::upper_bound(files_.begin(), files_.end(), event.order,
                                [](std::uint32_t order, const auto& file) { return order < file.first; });
  if (after == files_.begin()) return {};
  return std::prev(after)->second;
}

const Event* CaseBase::find_event(std::uint32_t case_id, std::uint32_t event_id) const {
  if ((std::size_t(event_id) + 1) * sizeof(IdSlot) <= event_by_id_.bytes()) {
    const IdSlot& slot = reinterpret_cast<const IdSlot*>(event_by_id_.data())[event_id];
    if (slot.event != 0 && slot.case_id == case_id) return event(slot.event - 1);
  }
  // Ids reused in other cases, and events not made by add_event, are in the map.
  if (event_by_case_and_id_.empty()) return nullptr;
  auto it = event_by_case_and_id_.find(case_and_id(case_id, event_id));
  return it == event_by_case_and_id_.end() ? nullptr : it->second;
}

std::size_t CaseBase::index_of(const Event* e) const {
  if (event_count_ > 0 && e == event(event_count_ - 1)) return event_count_ - 1;  // nearly always
  const auto at = reinterpret_cast<std::uintptr_t>(e);
  std::size_t first = 0;
  for (std::size_t c = 0; c < event_chunks_.size(); ++c) {
    const std::size_t count = c == 0 ? kFirstEvents : kEventsPerChunk;
    const auto start = reinterpret_cast<std::uintptr_t>(event_chunks_[c].data());
    if (at >= start && at < start + count * sizeof(Event)) {
      const std::size_t index = first + (at - start) / sizeof(Event);
      return index < event_count_ ? index : SIZE_MAX;
    }
    first += count;
  }
  return SIZE_MAX;
}

void CaseBase::index_event(std::uint32_t case_id, const Event* event) {
  if (find_event(case_id, event->id) != nullptr) return;  // not the first
  const std::size_t index = index_of(event);
  if (index == SIZE_MAX || index >= UINT32_MAX) {
    event_by_case_and_id_.emplace(case_and_id(case_id, event->id), event);
    return;
  }
  if ((std::size_t(event->id) + 1) * sizeof(IdSlot) > event_by_id_.bytes()) {
    event_by_id_.grow_to((std::size_t(event->id) + 1) * sizeof(IdSlot));
  }
  IdSlot& slot = reinterpret_cast<IdSlot*>(event_by_id_.data())[event->id];
  if (slot.event == 0) {
    slot = {static_cast<std::uint32_t>(index + 1), case_id};
  } else if (slot.case_id != case_id) {
    event_by_case_and_id_.emplace(case_and_id(case_id, event->id), event);
  }
}

}  // namespace carerules
