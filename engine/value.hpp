// Runtime values: 16 bytes, no heap of their own. Texts are ids into the case
// base's string pool; records and maps point into its value arena.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/date.hpp"

namespace carerules {

struct Event;

enum class ValueKind : std::uint8_t {
  unknown,      // missing, null, or not decidable
  boolean,      // b
  number,       // number
  text,         // small: string id
  date,         // small: days
  timestamp,    // big: seconds
  duration,     // small: amount, unit, working
  enumeration,  // small: value index
  enum_set,     // mask: bit i set when value i is in the set
  text_set,     // texts: sorted, unique string ids (owned by the evaluation arena)
  map,          // items: one value per key index
  map_subset,   // items + small: mask of the keys selected (maps of at most 32 keys)
  record,       // items: one value per field
  event,        // event
  event_list,   // events (owned by the evaluation arena)
};

struct Value {
  ValueKind kind = ValueKind::unknown;
  std::uint8_t unit = 0;
  bool working = false;
  bool b = false;
  std::int32_t small = 0;
  union {
    double number;
    std::int64_t big;
    std::uint64_t mask;
    const Value* items;
    const Event* event;
    const std::vector<const Event*>* events;
    const std::vector<std::uint32_t>* texts;
  };
  Value() : big(0) {}

  static Value unknown() { return Value(); }
  static Value of_bool(bool v) { Value x; x.kind = ValueKind::boolean; x.b = v; return x; }
  static Value of_number(double v) { Value x; x.kind = ValueKind::number; x.number = v; return x; }
  static Value of_text(std::uint32_t id) { Value x; x.kind = ValueKind::text; x.small = static_cast<std::int32_t>(id); return x; }
  static Value of_date(Date d) { Value x; x.kind = ValueKind::date; x.small = d.days; return x; }
  static Value of_timestamp(Timestamp t) { Value x; x.kind = ValueKind::timestamp; x.big = t.seconds; return x; }
  static Value of_enum(std::int32_t v) { Value x; x.kind = ValueKind::enumeration; x.small = v; return x; }
  static Value of_enum_set(std::uint64_t m) { Value x; x.kind = ValueKind::enum_set; x.mask = m; return x; }
  static Value of_event(const Event* e) { Value x; x.kind = ValueKind::event; x.event = e; return x; }
  static Value of_items(ValueKind kind, const Value* items) { Value x; x.kind = kind; x.items = items; return x; }

  bool is_unknown() const { return kind == ValueKind::unknown; }
  Date as_date() const { return Date{small}; }
};
static_assert(sizeof(Value) == 16, "values stay small");

// Zeroed memory taken straight from the operating system, for the few big
// arrays of a load (millions of entries). Large blocks are backed by huge
// pages where the system allows, and growing moves pages rather than bytes:
// a page fault per 4 KiB and a copy per doubling cost more than the work done
// in them.
class PageMemory {
 public:
  PageMemory() = default;
  PageMemory(PageMemory&& other) noexcept;
  PageMemory& operator=(PageMemory&& other) noexcept;
  PageMemory(const PageMemory&) = delete;
  PageMemory& operator=(const PageMemory&) = delete;
  ~PageMemory();

  char* data() const { return data_; }
  std::size_t bytes() const { return bytes_; }
  // At least `bytes` in all: the contents are kept (perhaps moved), the new
  // part is zero.
  void grow_to(std::size_t bytes);

 private:
  char* data_ = nullptr;
  std::size_t bytes_ = 0;
};

// Interned texts: ids are dense, 0 is the empty text. Deterministic: ids are
// given in first-seen order. A text's bytes never move once interned.
class StringPool {
 public:
  StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  std::uint32_t intern(std::string_view text) { return intern(text, hash(text)); }
  // The id of a text already interned, or UINT32_MAX.
  std::uint32_t find(std::string_view text) const;
  // Starts loading the table slot of `text`: a pool of millions of ids is far
  // bigger than the cache, so callers that intern a little later wait less.
  void prefetch(std::string_view text) const { prefetch(hash(text)); }
  // The same with the text's hash(), to hash a text once for both calls.
  static std::uint32_t hash(std::string_view text);
  void prefetch(std::uint32_t hash) const {
    __builtin_prefetch(table_.data() + 2 * sizeof(std::uint32_t) * (hash & mask_));
  }
  std::uint32_t intern(std::string_view text, std::uint32_t hash) {
    const auto* table = reinterpret_cast<const std::uint32_t*>(table_.data());
    for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
      const std::uint32_t entry = table[2 * slot];
      if (entry == 0) return insert(text, hash, slot);
      if (table[2 * slot + 1] == hash && this->text(entry - 1) == text) return entry - 1;
    }
  }
  std::string_view text(std::uint32_t id) const {
    const std::uint64_t e = reinterpret_cast<const std::uint64_t*>(entries_.data())[id];
    const char* chunk = chunks_[e >> 44].data();
    const std::size_t size = e & kLongSize;
    if (size != kLongSize) [[likely]] return {chunk + (e >> 20 & 0xFFFFFF), size};
    return long_text(chunk);
  }
  std::size_t size() const { return size_; }
  // Room for `count` more texts without growing (a hint; never shrinks).
  void reserve(std::size_t count);

 private:
  // Where each text is, by id, in a word: its chunk (20 bits), its offset
  // in the chunk (24) and its size (20). A text of kLongSize bytes or more
  // has a chunk of its own, with its size in the chunk's first 8 bytes.
  static constexpr std::uint64_t kLongSize = (std::uint64_t(1) << 20) - 1;
  static std::string_view long_text(const char* chunk);
  PageMemory entries_;
  // Open addressing, linear probing. Two words a slot: id + 1 (0 = empty)
  // and 32 bits of the text's hash, so a probe rarely touches the texts.
  PageMemory table_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;  // slots - 1
  // The texts' bytes, in chunks that never move (under 16 MiB, but a long
  // text's own).
  std::vector<PageMemory> chunks_;
  char* free_ = nullptr;  // in chunk free_chunk_
  std::size_t free_bytes_ = 0, free_chunk_ = 0;
  std::uint32_t insert(std::string_view text, std::uint32_t hash, std::size_t slot);
  std::uint64_t store(std::string_view text);  // the text's word
  void grow(std::size_t slots);
};

// A fast 64-bit hash of bytes: FNV-1a taken a 64-bit word at a time (eight
// times fewer multiplies than byte-wise FNV-1a), then a final mix. Stable
// across runs and platforms of the same endianness.
std::uint64_t hash_bytes(std::string_view bytes);

}  // namespace carerules
