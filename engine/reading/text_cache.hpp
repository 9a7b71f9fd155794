// The ids of short texts already interned, kept by the fast reader.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace carerules::reading {

// Short texts already interned, by their bytes: a file names the same few
// workers and relationships over and over, and the string pool, millions of
// ids big, costs a cache miss or three a lookup.
class TextCache {
 public:
  TextCache() : entries_(8192) {}
  // The id of `text` (16 readable bytes at its start), if cached.
  bool find(std::string_view text, std::uint32_t& id) const {
    if (text.empty() || text.size() > 16) return false;
    const Entry& e = entries_[slot(text)];
    if (e.size != text.size() || e.low != low_ || e.high != high_) return false;
    id = e.id;
    return true;
  }
  // After find() of the same text missed.
  void put(std::string_view text, std::uint32_t id) {
    if (text.empty() || text.size() > 16) return;
    entries_[slot(text)] = Entry{low_, high_, static_cast<std::uint32_t>(text.size()), id};
  }

 private:
  struct Entry {
    std::uint64_t low = 0, high = 0;
    std::uint32_t size = 0, id = 0;
  };
  // The text's bytes as two words (zero past its end); remembered for put().
  std::size_t slot(std::string_view text) const {
    const std::size_t n = text.size();
    std::memcpy(&low_, text.data(), 8);
    std::memcpy(&high_, text.data() + 8, 8);
    if (n < 8) {
      low_ &= (std::uint64_t(1) << (8 * n)) - 1;
      high_ = 0;
    } else if (n < 16) {
      high_ &= (std::uint64_t(1) << (8 * (n - 8))) - 1;
    }
    return ((low_ * 0x9E3779B97F4A7C15ull) ^ (high_ * 0xC2B2AE3D27D4EB4Full) ^ n) >> 51;
  }
  std::vector<Entry> entries_;
  mutable std::uint64_t low_ = 0, high_ = 0;
};

}  // namespace carerules::reading
