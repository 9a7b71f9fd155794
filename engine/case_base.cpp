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
// Values come in 2 MiB chunks aligned to 2 MiB, which Linux can back with one
// huge page: a million cases touch gigabytes of fresh memory, and taking a
// page fault per 4 KiB costs more than reading the JSON.
constexpr std::size_t kChunkBytes = std::size_t(2) << 20;

// Zeroed memory for `bytes` (a multiple of kChunkBytes); all-zero bytes are
// Value::unknown().
Value* new_chunk(std::size_t bytes) {
#if defined(__linux__)
  // Fresh anonymous pages are already zero. Map one chunk extra and trim so
  // the chunk starts on a 2 MiB boundary, which huge pages need.
  void* mapped = mmap(nullptr, bytes + kChunkBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (start + kChunkBytes - 1) & ~(kChunkBytes - 1);
  if (aligned > start) munmap(mapped, aligned - start);
  if (aligned + bytes < start + bytes + kChunkBytes) {
    munmap(reinterpret_cast<void*>(aligned + bytes), start + bytes + kChunkBytes - (aligned + bytes));
  }
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // a hint; fine if refused
  return reinterpret_cast<Value*>(aligned);
#else
  void* memory = std::aligned_alloc(kChunkBytes, bytes);
  if (memory == nullptr) throw std::bad_alloc();
  std::memset(memory, 0, bytes);
  return static_cast<Value*>(memory);
#endif
}

std::uint64_t case_and_id(std::uint32_t case_id, std::uint32_t event_id) {
  return std::uint64_t(case_id) << 32 | event_id;
}
}  // namespace

Value* CaseBase::allocate_values(std::size_t count) {
  if (value_chunks_.empty() || chunk_used_ + count > chunk_size_) {
    const std::size_t bytes = (std::max<std::size_t>(count, 1) * sizeof(Value) + kChunkBytes - 1) / kChunkBytes * kChunkBytes;
    chunk_size_ = bytes / sizeof(Value);
    value_chunks_.emplace_back(new_chunk(bytes), FreeChunk{bytes});
    chunk_used_ = 0;
  }
  Value* values = value_chunks_.back().get() + chunk_used_;
  chunk_used_ += count;
  return values;
}

void CaseBase::FreeChunk::operator()(Value* chunk) const {
#if defined(__linux__)
  munmap(chunk, bytes);
#else
  std::free(chunk);
#endif
}

Event* CaseBase::add_event() {
  ++event_count_;
  return &events_.emplace_back();
}

CaseEvents& CaseBase::case_for(std::uint32_t case_id) {
  if (case_id >= case_index_.size()) {
    case_index_.resize(std::max<std::size_t>(case_id + 1, 2 * case_index_.size()), UINT32_MAX);
  }
  std::uint32_t& index = case_index_[case_id];
  if (index == UINT32_MAX) {
    index = static_cast<std::uint32_t>(cases.size());
    cases.emplace_back().case_id = case_id;
  }
  return cases[index];
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
  if (event_id >= event_by_id_.size()) return nullptr;
  const IdSlot& slot = event_by_id_[event_id];
  if (slot.event == nullptr) return nullptr;
  if (slot.case_id == case_id) return slot.event;
  auto it = event_by_case_and_id_.find(case_and_id(case_id, event_id));
  return it == event_by_case_and_id_.end() ? nullptr : it->second;
}

void CaseBase::index_event(std::uint32_t case_id, const Event* event) {
  if (event->id >= event_by_id_.size()) {
    event_by_id_.resize(std::max<std::size_t>(event->id + 1, 2 * event_by_id_.size()));
  }
  IdSlot& slot = event_by_id_[event->id];
  if (slot.event == nullptr) {
    slot = {event, case_id};
  } else if (slot.case_id != case_id) {
    event_by_case_and_id_.emplace(case_and_id(case_id, event->id), event);
  }
}

}  // namespace carerules
