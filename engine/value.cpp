#include "engine/value.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

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

constexpr std::size_t kPageBytes = 4096;
constexpr std::size_t kHugePageBytes = std::size_t(2) << 20;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

#if defined(__linux__)
// Fresh zeroed pages. Blocks of a huge page or more start on a huge page
// boundary and ask for huge pages (a hint: fine if refused).
char* map_pages(std::size_t bytes) {
  if (bytes < kHugePageBytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<char*>(p);
  }
  void* mapped = mmap(nullptr, bytes + kHugePageBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (start + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  if (aligned > start) munmap(mapped, aligned - start);
  const std::uintptr_t end = start + bytes + kHugePageBytes;
  if (aligned + bytes < end) munmap(reinterpret_cast<void*>(aligned + bytes), end - (aligned + bytes));
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
  return reinterpret_cast<char*>(aligned);
}
#endif

}  // namespace

PageMemory::PageMemory(PageMemory&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

PageMemory& PageMemory::operator=(PageMemory&& other) noexcept {
  if (this != &other) {
    this->~PageMemory();
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

PageMemory::~PageMemory() {
  if (data_ == nullptr) return;
#if defined(__linux__)
  munmap(data_, bytes_);
#else
  std::free(data_);
#endif
}

void PageMemory::grow_to(std::size_t want) {
  if (want <= bytes_) return;
  std::size_t bytes = std::max(want, 2 * bytes_);
  bytes = bytes < kHugePageBytes ? round_up(bytes, kPageBytes) : round_up(bytes, kHugePageBytes);
#if defined(__linux__)
  char* fresh = map_pages(bytes);
  if (data_ != nullptr) {
    // Move the old pages over the new block's start: no copy, no new faults.
    void* moved = mremap(data_, bytes_, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, fresh);
    if (moved == MAP_FAILED) {
      std::memcpy(fresh, data_, bytes_);
      munmap(data_, bytes_);
    } else if (bytes >= kHugePageBytes) {
      madvise(fresh, bytes, MADV_HUGEPAGE);
    }
  }
#else
  char* fresh = static_cast<char*>(std::realloc(data_, bytes));
  if (fresh == nullptr) throw std::bad_alloc();
  std::memset(fresh + bytes_, 0, bytes - bytes_);
#endif
  data_ = fresh;
  bytes_ = bytes;
}

namespace {
std::uint32_t slot_hash(std::string_view text) {
  std::uint64_t h = hash_bytes(text);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}
}  // namespace

StringPool::StringPool() {
  table_.grow_to(2 * 64 * sizeof(std::uint32_t));
  mask_ = table_.bytes() / (2 * sizeof(std::uint32_t)) - 1;
  intern("");
}

std::uint32_t StringPool::find(std::string_view text) const {
  const std::uint32_t h = slot_hash(text);
  const auto* table = reinterpret_cast<const std::uint32_t*>(table_.data());
  for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    const std::uint32_t entry = table[2 * slot];
    if (entry == 0) return UINT32_MAX;
    if (table[2 * slot + 1] == h && this->text(entry - 1) == text) return entry - 1;
  }
}

void StringPool::prefetch(std::string_view text) const {
  __builtin_prefetch(table_.data() + 2 * sizeof(std::uint32_t) * (slot_hash(text) & mask_));
}

std::uint32_t StringPool::intern(std::string_view text) {
  const std::uint32_t h = slot_hash(text);
  const auto* table = reinterpret_cast<const std::uint32_t*>(table_.data());
  std::size_t slot = h & mask_;
  for (;; slot = (slot + 1) & mask_) {
    const std::uint32_t entry = table[2 * slot];
    if (entry == 0) break;
    if (table[2 * slot + 1] == h && this->text(entry - 1) == text) return entry - 1;
  }
  return insert(text, h, slot);
}

std::uint32_t StringPool::insert(std::string_view text, std::uint32_t h, std::size_t slot) {
  const auto id = static_cast<std::uint32_t>(size_);
  if ((size_ + 1) * sizeof(Entry) > entries_.bytes()) entries_.grow_to((size_ + 1) * sizeof(Entry));
  reinterpret_cast<Entry*>(entries_.data())[id] = Entry{store(text), text.size()};
  ++size_;
  // Keep the load at most one half so probe runs stay short.
  if (2 * size_ > mask_ + 1) {
    grow();
    const auto* table = reinterpret_cast<const std::uint32_t*>(table_.data());
    for (slot = h & mask_; table[2 * slot] != 0; slot = (slot + 1) & mask_) {
    }
  }
  auto* table = reinterpret_cast<std::uint32_t*>(table_.data());
  table[2 * slot] = id + 1;
  table[2 * slot + 1] = h;
  return id;
}

const char* StringPool::store(std::string_view text) {
  if (text.empty()) return "";
  if (text.size() > free_bytes_) {
    // Chunks double up to a huge page; a long text gets one of its own.
    std::size_t bytes = chunks_.empty() ? 16 * 1024 : std::min(2 * chunks_.back().bytes(), kHugePageBytes);
    bytes = std::max(bytes, text.size());
    PageMemory& chunk = chunks_.emplace_back();
    chunk.grow_to(bytes);
    free_ = chunk.data();
    free_bytes_ = chunk.bytes();
  }
  char* out = free_;
  std::memcpy(out, text.data(), text.size());
  free_ += text.size();
  free_bytes_ -= text.size();
  return out;
}

void StringPool::grow() {
  PageMemory old = std::move(table_);
  const std::size_t old_slots = mask_ + 1;
  table_.grow_to(2 * old_slots * 2 * sizeof(std::uint32_t));
  mask_ = table_.bytes() / (2 * sizeof(std::uint32_t)) - 1;
  const auto* from = reinterpret_cast<const std::uint32_t*>(old.data());
  auto* to = reinterpret_cast<std::uint32_t*>(table_.data());
  for (std::size_t i = 0; i < 2 * old_slots; i += 2) {
    if (from[i] == 0) continue;
    std::size_t slot = from[i + 1] & mask_;
    while (to[2 * slot] != 0) slot = (slot + 1) & mask_;
    to[2 * slot] = from[i];
    to[2 * slot + 1] = from[i + 1];
  }
}

}  // namespace carerules
