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

// Blocks up to this size come from malloc: small bases (a test's single case)
// are made by the thousand, and a fresh mapping costs a system call and a
// page fault a page.
constexpr std::size_t kHeapBytes = std::size_t(64) << 10;

PageMemory::~PageMemory() {
  if (data_ == nullptr) return;
#if defined(__linux__)
  if (bytes_ > kHeapBytes) {
    munmap(data_, bytes_);
    return;
  }
#endif
  std::free(data_);
}

void PageMemory::grow_to(std::size_t want) {
  if (want <= bytes_) return;
  std::size_t bytes = std::max(want, 2 * bytes_);
#if defined(__linux__)
  if (bytes > kHeapBytes) {
    bytes = bytes < kHugePageBytes ? round_up(bytes, kPageBytes) : round_up(bytes, kHugePageBytes);
    char* fresh = map_pages(bytes);
    if (bytes_ > kHeapBytes) {
      // Move the old pages over the new block's start: no copy, no new faults.
      void* moved = mremap(data_, bytes_, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, fresh);
      if (moved == MAP_FAILED) {
        std::memcpy(fresh, data_, bytes_);
        munmap(data_, bytes_);
      } else if (bytes >= kHugePageBytes) {
        madvise(fresh, bytes, MADV_HUGEPAGE);
      }
    } else if (data_ != nullptr) {
      std::memcpy(fresh, data_, bytes_);
      std::free(data_);
    }
    data_ = fresh;
    bytes_ = bytes;
    return;
  }
#endif
  bytes = round_up(bytes, 64);
  char* fresh = static_cast<char*>(std::realloc(data_, bytes));
  if (fresh == nullptr) throw std::bad_alloc();
  std::memset(fresh + bytes_, 0, bytes - bytes_);
  data_ = fresh;
  bytes_ = bytes;
}

std::uint32_t StringPool::hash(std::string_view text) {
  std::uint64_t h = hash_bytes(text);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

StringPool::StringPool() {
  chunks_.emplace_back().grow_to(16 * 1024);
  free_ = chunks_.back().data();
  free_bytes_ = chunks_.back().bytes();
  table_.grow_to(2 * 64 * sizeof(std::uint32_t));
  mask_ = table_.bytes() / (2 * sizeof(std::uint32_t)) - 1;
  intern("");
}

std::uint32_t StringPool::find(std::string_view text) const {
  const std::uint32_t h = hash(text);
  const auto* table = reinterpret_cast<const std::uint32_t*>(table_.data());
  for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    const std::uint32_t entry = table[2 * slot];
    if (entry == 0) return UINT32_MAX;
    if (table[2 * slot + 1] == h && this->text(entry - 1) == text) return entry - 1;
  }
}

std::uint32_t StringPool::insert(std::string_view text, std::uint32_t h, std::size_t slot) {
  const auto id = static_cast<std::uint32_t>(size_);
  if ((size_ + 1) * sizeof(std::uint64_t) > entries_.bytes()) entries_.grow_to((size_ + 1) * sizeof(std::uint64_t));
  reinterpret_cast<std::uint64_t*>(entries_.data())[id] = store(text);
  ++size_;
  // Keep the load under 0.7: probe runs stay short (a slot is 8 bytes, so a
  // run of several is still one or two cache lines), and the table, which
  // every new text touches at random, stays small.
  if (10 * size_ > 7 * (mask_ + 1)) {
    grow(2 * (mask_ + 1));
    const auto* table = reinterpret_cast<const std::uint32_t*>(table_.data());
    for (slot = h & mask_; table[2 * slot] != 0; slot = (slot + 1) & mask_) {
    }
  }
  auto* table = reinterpret_cast<std::uint32_t*>(table_.data());
  table[2 * slot] = id + 1;
  table[2 * slot + 1] = h;
  return id;
}

std::string_view StringPool::long_text(const char* chunk) {
  std::uint64_t size;
  std::memcpy(&size, chunk, 8);
  return {chunk + 8, static_cast<std::size_t>(size)};
}

std::uint64_t StringPool::store(std::string_view text) {
  const std::size_t n = text.size();
  if (n >= kLongSize) {
    PageMemory& chunk = chunks_.emplace_back();
    chunk.grow_to(8 + n);
    const std::uint64_t size = n;
    std::memcpy(chunk.data(), &size, 8);
    std::memcpy(chunk.data() + 8, text.data(), n);
    return std::uint64_t(chunks_.size() - 1) << 44 | kLongSize;
  }
  if (n > free_bytes_) {
    // Chunks double up to a huge page.
    std::size_t bytes = std::min(2 * chunks_[free_chunk_].bytes(), kHugePageBytes);
    bytes = std::max(bytes, n);
    PageMemory& chunk = chunks_.emplace_back();
    chunk.grow_to(bytes);
    free_ = chunk.data();
    free_bytes_ = chunk.bytes();
    free_chunk_ = chunks_.size() - 1;
  }
  char* out = free_;
  const char* in = text.data();
  if (n >= 8 && n <= 16) {  // most texts are ids: two overlapping words, no call
    std::uint64_t head, tail;
    std::memcpy(&head, in, 8);
    std::memcpy(&tail, in + n - 8, 8);
    std::memcpy(out, &head, 8);
    std::memcpy(out + n - 8, &tail, 8);
  } else if (n != 0) {
    std::memcpy(out, in, n);
  }
  free_ += n;
  free_bytes_ -= n;
  const auto offset = static_cast<std::uint64_t>(out - chunks_[free_chunk_].data());
  return std::uint64_t(free_chunk_) << 44 | offset << 20 | n;
}

void StringPool::reserve(std::size_t count) {
  const std::size_t want = size_ + count;
  if ((want + 1) * sizeof(std::uint64_t) > entries_.bytes()) entries_.grow_to((want + 1) * sizeof(std::uint64_t));
  std::size_t slots = mask_ + 1;
  while (10 * want > 7 * slots) slots *= 2;
  if (slots > mask_ + 1) grow(slots);
}

void StringPool::grow(std::size_t slots) {
  PageMemory old = std::move(table_);
  const std::size_t old_slots = mask_ + 1;
  table_.grow_to(slots * 2 * sizeof(std::uint32_t));
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
