#include "engine/value.hpp"

#include <cstring>

namespace carerules {

std::uint64_t hash_bytes(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x100000001b3ull;
  std::uint64_t h = 0xcbf29ce484222325ull ^ bytes.size();
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * kPrime;
  }
  if (n > 0) {
    // The last 1-7 bytes, read without a byte-sized copy (which would stall
    // store forwarding): overlapping loads are fine, the length is in the seed.
    std::uint64_t word;
    if (bytes.size() >= 8) {
      std::memcpy(&word, p + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t low, high;
      std::memcpy(&low, p, 4);
      std::memcpy(&high, p + n - 4, 4);
      word = low | std::uint64_t(high) << 32;
    } else {
      const auto byte = [&](std::size_t i) { return std::uint64_t(static_cast<unsigned char>(p[i])); };
      word = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
    }
    h = (h ^ word) * kPrime;
  }
  // Word-wise FNV mixes high input bits poorly into low output bits: finish
  // with a murmur-style avalanche so table slots (low bits) spread well.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

namespace {
std::uint32_t slot_hash(std::string_view text) {
  std::uint64_t h = hash_bytes(text);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}
}  // namespace

StringPool::StringPool() {
  table_.assign(2 * 64, 0);
  mask_ = 63;
  intern("");
}

std::uint32_t StringPool::find(std::string_view text) const {
  const std::uint32_t h = slot_hash(text);
  for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    const std::uint32_t entry = table_[2 * slot];
    if (entry == 0) return UINT32_MAX;
    if (table_[2 * slot + 1] == h && texts_[entry - 1] == text) return entry - 1;
  }
}

void StringPool::prefetch(std::string_view text) const {
  __builtin_prefetch(&table_[2 * (slot_hash(text) & mask_)]);
}

std::uint32_t StringPool::intern(std::string_view text) {
  const std::uint32_t h = slot_hash(text);
  std::size_t slot = h & mask_;
  for (;; slot = (slot + 1) & mask_) {
    const std::uint32_t entry = table_[2 * slot];
    if (entry == 0) break;
    if (table_[2 * slot + 1] == h && texts_[entry - 1] == text) return entry - 1;
  }
  const auto id = static_cast<std::uint32_t>(texts_.size());
  texts_.emplace_back(text);
  // Keep the load at most one half so probe runs stay short.
  if (2 * texts_.size() > mask_ + 1) {
    grow();
    for (slot = h & mask_; table_[2 * slot] != 0; slot = (slot + 1) & mask_) {
    }
  }
  table_[2 * slot] = id + 1;
  table_[2 * slot + 1] = h;
  return id;
}

void StringPool::grow() {
  std::vector<std::uint32_t> old;
  old.swap(table_);
  mask_ = 2 * (mask_ + 1) - 1;
  table_.assign(2 * (mask_ + 1), 0);
  for (std::size_t i = 0; i < old.size(); i += 2) {
    if (old[i] == 0) continue;
    std::size_t slot = old[i + 1] & mask_;
    while (table_[2 * slot] != 0) slot = (slot + 1) & mask_;
    table_[2 * slot] = old[i];
    table_[2 * slot + 1] = old[i + 1];
  }
}

}  // namespace carerules
