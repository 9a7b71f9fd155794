#include "engine/case_base.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>


namespace carerules {

namespace {
// Values come in chunks of 2 MiB (more for a larger request), which Linux can
// back with huge pages: a million cases touch gigabytes of fresh memory, and
// taking a page fault per 4 KiB costs more than reading the JSON.
constexpr std::size_t kChunkBytes = std::size_t(2) << 20;

std::uint64_t case_and_id(std::uint32_t case_id, std::uint32_t event_id) {
  return std::uint64_t(case_id) << 32 | event_id;
}
}  // namespace

Value* CaseBase::allocate_values(std::size_t count) {
  if (value_chunks_.empty() || chunk_used_ + count > chunk_size_) {
    // Fresh pages are zero, and all-zero bytes are Value::unknown().
    const std::size_t bytes = (std::max<std::size_t>(count, 1) * sizeof(Value) + kChunkBytes - 1) / kChunkBytes * kChunkBytes;
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
  if (index / kEventsPerChunk == event_chunks_.size()) event_chunks_.emplace_back().grow_to(kChunkBytes);
  ++event_count_;
  return new (event(index)) Event();
}

std::uint32_t CaseBase::case_index(std::uint32_t case_id) {
  if ((std::size_t(case_id) + 1) * sizeof(std::uint32_t) > case_index_.bytes()) {
    case_index_.grow_to((std::size_t(case_id) + 1) * sizeof(std::uint32_t));
  }
  std::uint32_t& index = reinterpret_cast<std::uint32_t*>(case_index_.data())[case_id];
  if (index == 0) {
    cases.emplace_back().case_id = case_id;
    index = static_cast<std::uint32_t>(cases.size());
  }
  return index - 1;
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
  if ((std::size_t(event_id) + 1) * sizeof(IdSlot) > event_by_id_.bytes()) return nullptr;
  const IdSlot& slot = reinterpret_cast<const IdSlot*>(event_by_id_.data())[event_id];
  if (slot.event == nullptr) return nullptr;
  if (slot.case_id == case_id) return slot.event;
  auto it = event_by_case_and_id_.find(case_and_id(case_id, event_id));
  return it == event_by_case_and_id_.end() ? nullptr : it->second;
}

void CaseBase::index_event(std::uint32_t case_id, const Event* event) {
  if ((std::size_t(event->id) + 1) * sizeof(IdSlot) > event_by_id_.bytes()) {
    event_by_id_.grow_to((std::size_t(event->id) + 1) * sizeof(IdSlot));
  }
  IdSlot& slot = reinterpret_cast<IdSlot*>(event_by_id_.data())[event->id];
  if (slot.event == nullptr) {
    slot = {event, case_id};
  } else if (slot.case_id != case_id) {
    event_by_case_and_id_.emplace(case_and_id(case_id, event->id), event);
  }
}

}  // namespace carerules
