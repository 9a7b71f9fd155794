#include "engine/reading/event_import.hpp"

#include <fmt/format.h>

#include <cstring>
#if defined(__SSE4_2__)
#include <nmmintrin.h>
#endif

namespace carerules::reading {

namespace {

// The content hash of a line, to recognise identical duplicates (it is only
// ever compared with another line's). With SSE4.2: two CRC-32C lanes, an
// instruction per 8-byte word each; otherwise 16 bytes a step folded in with
// a 64x64->128-bit multiply, as wyhash does.
std::uint64_t line_hash(std::string_view line) {
  const auto load8 = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  const auto load4 = [](const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return std::uint64_t(w);
  };
  const char* p = line.data();
  std::size_t n = line.size();
  // The last 0-15 bytes as two words (overlapping reads: the length is mixed in).
  const auto tail = [&](std::uint64_t& a, std::uint64_t& b) {
    if (n >= 8) {
      a = load8(p), b = load8(p + n - 8);
    } else if (n >= 4) {
      a = load4(p), b = load4(p + n - 4);
    } else if (n > 0) {
      a = std::uint64_t(static_cast<unsigned char>(p[0])) << 16 |
          std::uint64_t(static_cast<unsigned char>(p[n / 2])) << 8 | static_cast<unsigned char>(p[n - 1]);
    }
  };
#if defined(__SSE4_2__)
  // Each lane is a CRC-32C of every word (the second takes each pair in the
  // other order): either alone catches every change of up to 32 bits, and
  // together they are 64 bits of hash.
  std::uint64_t lane1 = 0x9E3779B9u ^ n, lane2 = 0x85EBCA6Bu ^ n;
  for (; n >= 16; p += 16, n -= 16) {
    const std::uint64_t w0 = load8(p), w1 = load8(p + 8);
    lane1 = _mm_crc32_u64(_mm_crc32_u64(lane1, w0), w1);
    lane2 = _mm_crc32_u64(_mm_crc32_u64(lane2, w1), w0);
  }
  std::uint64_t a = 0, b = 0;
  tail(a, b);
  lane1 = _mm_crc32_u64(_mm_crc32_u64(lane1, a), b);
  lane2 = _mm_crc32_u64(_mm_crc32_u64(lane2, b), a);
  return lane1 << 32 | lane2;
#else
  constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull;
  const auto mix = [](std::uint64_t a, std::uint64_t b) {
    const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  };
  std::uint64_t h = k0 ^ n;
  for (; n > 16; p += 16, n -= 16) h = mix(load8(p) ^ k1, load8(p + 8) ^ h);
  std::uint64_t a = 0, b = 0;
  tail(a, b);
  return mix(k1 ^ line.size(), mix(a ^ k1, b ^ h));
#endif
}

}  // namespace

bool EventImport::add_event(const Head& head, const Value* values, std::string_view line) {
  const std::uint64_t hash = line_hash(line);
  const std::uint32_t id = base_.strings.intern(head.id, head.id_hash);
  const Event* earlier = base_.find_event(head.case_id, id);
  if (earlier != nullptr) {
    if (earlier->content_hash == hash) return true;  // the same fact imported twice
    if (head.amends == 0) {
      std::string_view file = base_.file_of(*earlier);
      std::string where = file == file_ ? fmt::format("on line {}", earlier->source_line)
                                        : fmt::format("at {}:{}", file, earlier->source_line);
      return fail(fmt::format(
          "event id `{}` was already used {} with different content; a correction must use `amends`",
          head.id, where));
    }
  }
  if (head.amends != 0 && base_.find_event(head.case_id, head.amends) == nullptr) {
    return fail(fmt::format("amends: no earlier event `{}` in case `{}`",
                            base_.strings.text(head.amends), base_.strings.text(head.case_id)));
  }
  Event* event = base_.add_event();
  event->type = head.type;
  event->date = head.date;
  event->recorded = head.has_recorded ? head.recorded : start_of_day(head.date);
  event->order = base_.lines_read;
  event->id = id;
  event->amends = head.amends;
  event->source_line = line_;
  event->content_hash = hash;
  event->fields = values;
  if (head.case_id != run_case_id_) {
    run_case_id_ = head.case_id;
    run_case_index_ = base_.case_index(head.case_id);
  }
  add_to_case(run_case_index_);
  if (earlier == nullptr) base_.index_event(head.case_id, event);
  return true;
}

void EventImport::finish(std::size_t first) {
  std::vector<std::uint32_t> added(base_.cases.size(), 0);
  for (const auto& [index, count] : runs_) added[index] += count;
  for (std::size_t i = 0; i < added.size(); ++i) {
    if (added[i] != 0) base_.cases[i].events.reserve(base_.cases[i].events.size() + added[i]);
  }
  std::size_t next = first;
  for (const auto& [index, count] : runs_) {
    std::vector<const Event*>& events = base_.cases[index].events;
    for (std::uint32_t k = 0; k < count; ++k) events.push_back(base_.event(next++));
  }
  runs_.clear();
}

}  // namespace carerules::reading
