// Scanning the bytes of a JSON Lines file: where a line ends and whether it is
// clean, and the small steps the fast reader takes through a clean line.
//
// A clean line is printable ASCII (0x20-0x7F) without backslashes, trimmed,
// with at least SIMDJSON_PADDING readable bytes after it and nothing but
// blanks before a newline (in the file, or after the copy of the last line),
// so every scan stops. A JSON string in a clean line ends at the next quote
// and holds its own bytes.
//
// Every file of engine/reading is compiled alike (SSE4.2, see CMakeLists.txt),
// so these inline functions are the same wherever they are used.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE4_2__)
#include <nmmintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace carerules::reading {

// The end of the line that starts at `pos` (its newline, or `size`), and
// whether the line is clean: printable ASCII without backslashes, ending in a
// newline (a CR just before it is fine: trimming takes it off).
// Inline: read_events calls it for every line.
[[gnu::always_inline]] inline std::size_t line_end(const char* data, std::size_t pos, std::size_t size, bool& clean) {
  std::size_t i = pos;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), backslash = _mm_set1_epi8('\\');
  // Signed compare: bytes 0x80-0xFF are negative, so below a space too.
  const auto special = [&](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, backslash))));
  };
  for (; i + 32 <= size; i += 32) {
    const unsigned mask = special(i) | special(i + 16) << 16;
    if (mask != 0) {
      i += static_cast<std::size_t>(__builtin_ctz(mask));
      goto found;
    }
  }
  for (; i + 16 <= size; i += 16) {
    const unsigned mask = special(i);
    if (mask != 0) {
      i += static_cast<std::size_t>(__builtin_ctz(mask));
      goto found;
    }
  }
#endif
  for (; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c < 0x20 || c >= 0x80 || c == '\\') break;
  }
#if defined(__SSE2__)
found:
#endif
  if (i < size && data[i] == '\n') {
    clean = true;
    return i;
  }
  if (i + 1 < size && data[i] == '\r' && data[i + 1] == '\n') {
    clean = true;
    return i + 1;
  }
  clean = false;
  if (i >= size) return size;
  const void* newline = std::memchr(data + i, '\n', size - i);
  return newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - data) : size;
}

inline const char* skip_spaces(const char* p) {
  while (*p == ' ') ++p;
  return p;
}

// The closing quote of a string whose bytes start at `p`, or null when there
// is none before `end`.
inline const char* find_quote(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  for (;; p += 16) {
    const auto mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), quote)));
    if (mask != 0) {
      const char* q = p + __builtin_ctz(mask);
      return q < end ? q : nullptr;
    }
    if (p + 16 >= end) return nullptr;
  }
#else
  return static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
#endif
}

// The bytes of two strings agree where `mask` has bits (bit i: byte i); both
// have 32 readable bytes.
inline bool same_masked(const char* a, const char* b, std::uint32_t mask) {
#if defined(__SSE2__)
  const auto load = [](const char* x) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(x)); };
  auto equal = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(load(a), load(b))));
  if (mask > 0xFFFF) equal |= static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(load(a + 16), load(b + 16)))) << 16;
  return (equal & mask) == mask;
#else
  for (int i = 0; i < 32; ++i) {
    if ((mask >> i & 1) && a[i] != b[i]) return false;
  }
  return true;
#endif
}

inline std::uint32_t load4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Reads `word` (true, false, null) at p.
inline bool literal(const char*& p, std::string_view word) {
  if (std::memcmp(p, word.data(), word.size()) != 0) return false;
  p += word.size();
  return true;
}

}  // namespace carerules::reading
