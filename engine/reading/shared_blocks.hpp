// Blocks of values with the same bytes are stored once: most of a file's
// maps and records hold a few enum values and flags, in a few hundred
// combinations. Nothing changes values once read, so sharing is invisible.
// The blocks kept are a cache (one per slot, the latest wins): small enough
// to stay in the processor's cache, and it keeps what recurs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>
#if defined(__SSE4_2__)
#include <nmmintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/case_base.hpp"

namespace carerules::reading {

class SharedBlocks {
 public:
  explicit SharedBlocks(CaseBase& base) : base_(base), slots_(kSlots) {}
  // values[0, count) in the case base: a block already stored with the same
  // bytes, or a fresh copy. `kept[i]`: whether the record or map values[i]
  // points to is a block kept here. `shared`: the block is the one kept for
  // its bytes.
  // Inline: the fast reader places a few blocks a line.
  [[gnu::always_inline]] const Value* place(const Value* values, const std::uint8_t* kept, std::size_t count, bool& shared);

 private:
  struct Slot {
    const Value* values = nullptr;
    std::uint32_t hash = 0;
    std::uint32_t count = 0;
  };
  static constexpr std::size_t kSlots = std::size_t(1) << 15;
  CaseBase& base_;
  std::vector<Slot> slots_;
};

// Whether two blocks of values have the same bytes.
inline bool same_values(const Value* a, const Value* b, std::size_t count) {
#if defined(__SSE2__)
  for (std::size_t i = 0; i < count; ++i) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) != 0xFFFF) return false;
  }
  return true;
#else
  return std::memcmp(a, b, count * sizeof(Value)) == 0;
#endif
}

inline const Value* SharedBlocks::place(const Value* values, const std::uint8_t* kept, std::size_t count, bool& shared) {
  shared = false;
  const auto copy = [&] {
    Value* out = base_.allocate_values(count);
    if (count != 0) std::memcpy(static_cast<void*>(out), values, count * sizeof(Value));
    return out;
  };
  // Shared: blocks of flags, enum values, texts and shared parts. Numbers and
  // dates are too varied to meet twice.
  constexpr unsigned kShareable = 1u << unsigned(ValueKind::unknown) | 1u << unsigned(ValueKind::boolean) |
                                  1u << unsigned(ValueKind::text) | 1u << unsigned(ValueKind::enumeration) |
                                  1u << unsigned(ValueKind::enum_set) | 1u << unsigned(ValueKind::map) |
                                  1u << unsigned(ValueKind::record);
  if (count == 0) return copy();
  // Two CRC-32C lanes (or a multiply) over the block's two words a value.
  std::uint64_t lane1 = count, lane2 = ~std::uint64_t(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto kind = static_cast<unsigned>(values[i].kind);
    if (kind >= 32 || !(kShareable >> kind & 1)) return copy();
    if ((values[i].kind == ValueKind::map || values[i].kind == ValueKind::record) && !kept[i]) {
      return copy();
    }
    std::uint64_t words[2];
    std::memcpy(words, &values[i], sizeof words);
#if defined(__SSE4_2__)
    lane1 = _mm_crc32_u64(lane1, words[0]);
    lane2 = _mm_crc32_u64(lane2, words[1]);
#else
    lane1 = (lane1 ^ words[0]) * 0x100000001b3ull;
    lane2 = (lane2 ^ words[1]) * 0x9E3779B97F4A7C15ull;
#endif
  }
  const std::uint64_t hash = lane1 << 32 ^ lane2;
  Slot& slot = slots_[(hash ^ hash >> 31) & (kSlots - 1)];
  const auto tag = static_cast<std::uint32_t>(hash >> 40);
  shared = true;
  if (slot.values != nullptr && slot.hash == tag && slot.count == count &&
      same_values(slot.values, values, count)) {
    return slot.values;
  }
  const Value* out = copy();
  slot = Slot{out, tag, static_cast<std::uint32_t>(count)};
  return out;
}

}  // namespace carerules::reading
