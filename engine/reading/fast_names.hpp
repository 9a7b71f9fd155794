// Matching names read straight from a clean line (see line_scan.hpp) against
// the schema's: a record's fields, an enum's values, the event types and the
// envelope. A name is compared as bytes, usually the one expected next.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event_schema.hpp"
#include "engine/reading/line_scan.hpp"

namespace carerules::reading {

// The names of a record's fields or an enum's values, for matching names
// read straight from a line.
class FastNames {
 public:
  explicit FastNames(const NameTable& table) : table_(&table) {
    slots_.fill(kNone);
    starts_.fill(kNone);
    const std::vector<std::string_view>& names = table.names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::size_t n = names[i].size();
      const auto mask = [](std::size_t bytes) {
        return bytes >= 32 ? ~std::uint32_t(0) : (std::uint32_t(1) << bytes) - 1;
      };
      entries_.push_back({blob_.size(), n, mask(n), mask(n + 1), envelope_field(names[i]) >= 0});
      blob_.append(names[i]);
      blob_.push_back('"');
      blob_.append(32, '\0');
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      if (e.size > 0) {
        std::uint8_t& slot = slots_[slot_of(blob_.data() + e.offset, e.size)];
        slot = slot == kNone && i < kMany ? static_cast<std::uint8_t>(i) : kMany;
      }
      // By the first four bytes of name and quote (names of three or more).
      if (e.size >= 3) {
        std::uint8_t& start = starts_[start_of(blob_.data() + e.offset)];
        start = start == kNone && i < kMany ? static_cast<std::uint8_t>(i) : kMany;
      }
    }
  }
  // Whether the key whose bytes start at p (before `end`, 33 readable bytes)
  // is the name `hint`, closing quote included. Names of envelope fields
  // never match (at the top they are the envelope's; find() takes them).
  bool is(const char* p, const char* end, int hint) const {
    if (static_cast<std::size_t>(hint) >= entries_.size()) return false;
    const Entry& e = entries_[static_cast<std::size_t>(hint)];
    return !e.envelope && e.size < static_cast<std::size_t>(end - p) && equal(p, e, true);
  }
  std::size_t size_of(int index) const { return entries_[static_cast<std::size_t>(index)].size; }
  // The name whose bytes and closing quote start at p (before `end`), found
  // by its first bytes; -1 when that does not settle it (find() then does).
  int match(const char* p, const char* end) const {
    const std::uint8_t start = starts_[start_of(p)];
    if (start >= kMany) return -1;
    const Entry& e = entries_[start];
    return e.size < static_cast<std::size_t>(end - p) && equal(p, e, true) ? start : -1;
  }
  // The index of the name in n bytes at p (32 readable bytes), or -1.
  int find(const char* p, std::size_t n) const {
    if (n > 0) {
      const std::uint8_t slot = slots_[slot_of(p, n)];
      if (slot == kNone) return -1;
      if (slot != kMany) {
        const Entry& e = entries_[slot];
        return e.size == n && equal(p, e, false) ? slot : -1;
      }
    }
    if (entries_.size() > 32) return table_->find(std::string_view(p, n));
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      if (e.size == n && equal(p, e, false)) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  struct Entry {
    std::size_t offset, size;
    std::uint32_t mask, quote_mask;  // of size and size + 1 bytes (all ones from 32)
    bool envelope;
  };
  bool equal(const char* p, const Entry& e, bool with_quote) const {
    const std::size_t n = e.size + (with_quote ? 1 : 0);
    if (n <= 32) return same_masked(p, blob_.data() + e.offset, with_quote ? e.quote_mask : e.mask);
    return std::memcmp(p, blob_.data() + e.offset, n) == 0;
  }
  static constexpr std::uint8_t kNone = 255, kMany = 254;
  static std::size_t slot_of(const char* p, std::size_t n) {
    return (n * 31 + static_cast<unsigned char>(p[0]) * 7 + static_cast<unsigned char>(p[n - 1])) & 127;
  }
  static std::size_t start_of(const char* p) { return (load4(p) * 0x9E3779B1u) >> 25; }
  const NameTable* table_;
  std::string blob_;  // each name, a quote, then 32 zero bytes
  std::vector<Entry> entries_;
  // By slot_of (name bytes and length) and start_of (the first four bytes):
  // the one name there, kNone, or kMany (look through them all).
  std::array<std::uint8_t, 128> slots_, starts_;
};

// The envelope field named by n bytes at p, or -1.
inline int envelope_key(const char* p, std::size_t n) {
  switch (n) {
    case 2: return p[0] == 'i' && p[1] == 'd' ? kId : -1;
    case 4:
      if (std::memcmp(p, "case", 4) == 0) return kCase;
      if (std::memcmp(p, "type", 4) == 0) return kType;
      if (std::memcmp(p, "date", 4) == 0) return kDate;
      return -1;
    case 6: return std::memcmp(p, "amends", 6) == 0 ? kAmends : -1;
    case 8: return std::memcmp(p, "recorded", 8) == 0 ? kRecorded : -1;
    default: return -1;
  }
}

}  // namespace carerules::reading
