// Two readers share the work. Nearly every line of a real file is plain
// printable ASCII without escapes; those are read by a small hand-written
// parser that knows the schema (a field name is matched against the one
// expected next, values go into a scratch array, nothing touches the case base
// until the whole line has parsed). Anything it is not sure of, it hands back
// untouched, and the general reader walks the line with simdjson's on-demand
// API: every message, and every line with escapes, UTF-8, tabs, unknown fields
// or odd layouts, comes from the general reader, so both give the same result.
#include "engine/event_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <memory>
#if defined(__SSE4_2__)
#include <nmmintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dsl/diagnostics.hpp"
#include "engine/event_schema.hpp"

namespace carerules {

namespace od = simdjson::ondemand;

std::string EventError::to_string() const {
  return fmt::format("{}:{}: {}: {}", file, line, warning ? "warning" : "error", message);
}

namespace {

// How a JSON value looks in a message: strings quoted, scalars as written.
std::string found(od::value& value) {
  od::json_type type;
  if (value.type().get(type)) return "something that is not JSON";
  switch (type) {
    case od::json_type::object: return "an object";
    case od::json_type::array: return "a list";
    case od::json_type::string: {
      std::string_view text;
      return value.get_string().get(text) ? "a malformed string" : quoted(text);
    }
    default: {
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
      return std::string(raw.substr(0, 60));
    }
  }
}


// ---------------------------------------------------------------- fast path
// The fast reader sees only clean lines: printable ASCII (0x20-0x7F) without
// backslashes, trimmed, with at least SIMDJSON_PADDING readable bytes after
// them and nothing but blanks before a newline (in the file, or after the
// copy of the last line), so every scan stops. A JSON string in a clean line
// ends at the next quote and holds its own bytes.

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

bool fast_date(std::string_view text, Date& out);

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

// parse_date for the same bytes seen again: a line's dates are mostly recent
// ones, read many times over.
class DateCache {
 public:
  DateCache() : entries_(4096) {}
  [[gnu::always_inline]] bool get(std::string_view text, Date& out) {
    if (text.size() != 10) return false;
    std::uint64_t low;
    std::uint16_t two;
    std::memcpy(&low, text.data(), 8);
    std::memcpy(&two, text.data() + 8, 2);
    const std::uint32_t high = two | 0x10000u;  // never 0, as in an empty entry
    Entry& e = entries_[((low ^ std::uint64_t(two) << 48) * 0x9E3779B97F4A7C15ull) >> 52];
    if (e.low == low && e.high == high) {
      out = Date{e.days};
      return true;
    }
    if (!fast_date(text, out)) return false;
    e = Entry{low, high, out.days};
    return true;
  }

 private:
  struct Entry {
    std::uint64_t low = 0;
    std::uint32_t high = 0;
    std::int32_t days = 0;
  };
  std::vector<Entry> entries_;
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

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// A JSON number whose value a double holds exactly after one correctly
// rounded operation (at most 2^53 - 1 in its digits, a power of ten up to
// 22): simdjson computes these the same way, so the double is the same bits.
// False for anything else (including numbers that are fine JSON).
bool fast_number(const char*& p, double& out) {
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = *p == '-';
  if (negative) ++p;
  std::uint64_t digits = 0;
  int count = 0, exponent = 0;
  if (*p == '0') {
    ++p;
    if (is_digit(*p)) return false;
  } else if (is_digit(*p)) {
    for (; is_digit(*p); ++p) {
      if (++count > 18) return false;
      digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
    }
  } else {
    return false;
  }
  if (*p == '.') {
    ++p;
    if (!is_digit(*p)) return false;
    for (; is_digit(*p); ++p) {
      if (++count > 18) return false;
      digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
      --exponent;
    }
  }
  if (*p == 'e' || *p == 'E') {
    ++p;
    const bool minus = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    if (!is_digit(*p)) return false;
    int e = 0;
    for (; is_digit(*p); ++p) {
      if (e < 10000) e = e * 10 + (*p - '0');
    }
    exponent += minus ? -e : e;
  }
  if (digits > 9007199254740991ull || exponent < -22 || exponent > 22) return false;
  double value = static_cast<double>(digits);
  value = exponent < 0 ? value / kPowers[-exponent] : value * kPowers[exponent];
  out = negative ? -value : value;
  return true;
}

// Reads `word` (true, false, null) at p.
inline bool literal(const char*& p, std::string_view word) {
  if (std::memcmp(p, word.data(), word.size()) != 0) return false;
  p += word.size();
  return true;
}

// The end of the line that starts at `pos` (its newline, or `size`), and
// whether the line is clean: printable ASCII without backslashes, ending in a
// newline (a CR just before it is fine: trimming takes it off).
std::size_t line_end(const char* data, std::size_t pos, std::size_t size, bool& clean) {
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

// parse_date without std::optional and chrono, for the fast reader: the same
// answer for every text (the tests compare the two readers over every day of
// the years allowed and around them).
bool fast_date(std::string_view text, Date& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const char* s = text.data();
  unsigned digit[10];
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    digit[i] = static_cast<unsigned char>(s[i]) - unsigned('0');
    if (digit[i] > 9) return false;
  }
  const int year = static_cast<int>(digit[0] * 1000 + digit[1] * 100 + digit[2] * 10 + digit[3]);
  const unsigned month = digit[5] * 10 + digit[6], day = digit[8] * 10 + digit[9];
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1) return false;
  static constexpr unsigned kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kMonthDays[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  // Days since 1970-01-01 (H. Hinnant's days_from_civil; years here are positive).
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = y / 400;
  const auto year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  out = Date{era * 146097 + static_cast<int>(day_of_era) - 719468};
  return true;
}

// parse_timestamp likewise.
bool fast_timestamp(std::string_view text, Timestamp& out, DateCache& dates) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return false;
  Date date;
  if (!dates.get(text.substr(0, 10), date)) return false;
  int part[3];
  for (int i = 0; i < 3; ++i) {
    const unsigned high = static_cast<unsigned char>(text[11 + 3 * i]) - unsigned('0');
    const unsigned low = static_cast<unsigned char>(text[12 + 3 * i]) - unsigned('0');
    if (high > 9 || low > 9) return false;
    part[i] = static_cast<int>(high * 10 + low);
  }
  if (part[0] > 23 || part[1] > 59 || part[2] > 59) return false;
  out = Timestamp{start_of_day(date).seconds + part[0] * 3600 + part[1] * 60 + part[2]};
  return true;
}

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

// One line at a time; the first problem of a line is reported and ends it.
class LineReader {
 public:
  LineReader(const EventSchema& schema, CaseBase& base, ReadOptions options, std::string_view file,
             std::vector<EventError>& errors)
      : schema_(schema), base_(base), options_(options), file_(file), errors_(errors) {
    path_.reserve(8);
    event_names_.emplace(schema.event_types);
    for (const NameTable& table : schema.fields) field_names_.emplace_back(table);
    for (const NameTable& table : schema.values) value_names_.emplace_back(table);
    scratch_.add(256);
    shared_.resize(kSharedSlots);
  }

  // The fast reader's verdict on a clean line (see above).
  enum class Fast { read, refused, general };
  // `general`: the line is left as it was, for the general reader (`read`).
  Fast read_fast(const char* line, std::size_t length, std::uint32_t line_no);

  bool read(od::parser& parser, const char* line, std::size_t length, std::size_t capacity,
            std::uint32_t line_no);

 private:
  struct Head {
    std::uint32_t case_id = 0, amends = 0;  // string ids; 0 = absent (empty is refused)
    std::string_view id;  // interned once the line is good (in the parser's buffer till then)
    std::uint32_t id_hash = 0;  // StringPool::hash(id)
    int type = -1;
    bool has_date = false, has_recorded = false;
    Date date;
    Timestamp recorded;
    unsigned seen = 0;  // envelope fields present, by bit
  };

  const EventSchema& schema_;
  CaseBase& base_;
  ReadOptions options_;
  std::string_view file_;
  std::vector<EventError>& errors_;
  std::uint32_t line_ = 0;
  std::vector<std::string_view> path_;          // field names down to the current value
  std::deque<std::vector<std::uint8_t>> seen_;  // by depth: fields present (deque: stable refs)
  std::vector<std::uint32_t> texts_;            // scratch for text sets
  // A case's events usually come together: the last case id saves a lookup.
  struct LastCase {
    std::string text;      // with room for 32 bytes after it, for same_masked
    std::uint32_t id = 0;  // 0: none yet
    // `padded`: other has 32 readable bytes (it is in a line).
    bool is(std::string_view other, bool padded = false) const {
      if (id == 0 || other.size() != text.size()) return false;
      if (padded && other.size() <= 32) {
        return same_masked(other.data(), text.data(), other.size() == 32 ? ~0u : (1u << other.size()) - 1);
      }
      return other == std::string_view(text).substr(0, other.size());
    }
    void set(std::string_view other, std::uint32_t other_id) {
      text.assign(other);
      text.resize(other.size() + 32, '\0');
      text.resize(other.size());
      id = other_id;
    }
  } last_case_;

  bool fail(std::string message, bool warning = false) {
    errors_.push_back(EventError{std::string(file_), line_, std::move(message), warning});
    return false;
  }
  bool json_fail(simdjson::error_code code) {
    return fail(fmt::format("not valid JSON ({})", simdjson::error_message(code)));
  }
  std::string path(std::string_view last = {}) const;
  bool mismatch(std::string_view expected, od::value& value) {
    return fail(fmt::format("{}: expected {}; found {}", path(), expected, found(value)));
  }
  std::vector<std::uint8_t>& seen_at(int depth, std::size_t count);

  bool read_top(od::object object, Head& head, Value*& values, bool& deferred);
  Value* body_values(int type);
  bool read_object(od::object object, int record, Value* values, int depth);
  bool read_head(int which, od::value value, Head& head);
  bool read_member(int record, std::string_view key, od::value value, Value* values, int depth,
                   int& hint);
  bool read_value(od::value value, const Type& type, Value& out, int depth);
  bool read_text(std::string_view text, const Type& type, Value& out);
  bool read_set(od::value value, const Type& type, Value& out);
  bool read_map(od::value value, const Type& type, Value& out, int depth);
  bool read_string(od::value& value, std::string_view& text, bool& present);
  bool check_required(int record, const Value* values, int depth);
  bool add_event(const Head& head, const Value* values, std::string_view line);

  // ---- the fast reader: parses into scratch_, then commits in the general
  // reader's order (texts interned in document order, nested records checked
  // where they end, the id last).
  std::optional<FastNames> event_names_;
  std::vector<FastNames> field_names_;  // by record id
  std::vector<FastNames> value_names_;  // by enum id
  const char* end_ = nullptr;           // of the line
  // The line's values: the body's fields, then each record and map in it.
  struct Scratch {
    std::unique_ptr<Value[]> values;
    std::size_t size = 0, capacity = 0;
    // n more values, unknown; their first index.
    [[gnu::always_inline]] std::size_t add(std::size_t n) {
      if (size + n > capacity) grow(size + n);
      Value* v = values.get() + size;
      for (std::size_t i = 0; i < n; ++i) v[i] = Value();
      size += n;
      return size - n;
    }
    [[gnu::noinline]] void grow(std::size_t least) {
      capacity = std::max(2 * capacity, least);
      auto bigger = std::make_unique<Value[]>(capacity);
      if (size != 0) std::memcpy(static_cast<void*>(bigger.get()), values.get(), size * sizeof(Value));
      values = std::move(bigger);
    }
    Value& operator[](std::size_t i) { return values[i]; }
  } scratch_;
  struct Block {
    std::uint32_t at, count;
    std::int32_t parent;  // the slot that holds it, -1 for the body
  };
  std::vector<Block> blocks_;  // in the order they open: a record's parts after it
  DateCache dates_;
  // Blocks of values with the same bytes are stored once: most of a file's
  // maps and records hold a few enum values and flags, in a few hundred
  // combinations. Nothing changes values once read, so sharing is invisible.
  // The blocks kept are a cache (one per slot, the latest wins): small
  // enough to stay in the processor's cache, and it keeps what recurs.
  struct Shared {
    const Value* values = nullptr;
    std::uint32_t hash = 0;
    std::uint32_t count = 0;
  };
  static constexpr std::size_t kSharedSlots = std::size_t(1) << 15;
  std::vector<Shared> shared_;
  std::vector<std::uint8_t> canonical_;  // by scratch slot: holds a shared block
  // `shared`: the block is the one kept for its bytes.
  const Value* place(std::size_t at, std::size_t count, bool& shared);
  struct FastOp {
    enum Kind : std::uint8_t { kCase, kAmends, kText, kSetBegin, kSetText, kSetEnd, kCheck } kind;
    std::uint32_t slot = 0;  // in scratch_
    std::int32_t record = -1;
    std::string_view text;
  };
  // The ops of the line, in document order (a vector whose push stays inline).
  struct Ops {
    std::unique_ptr<FastOp[]> ops = std::make_unique<FastOp[]>(64);
    std::size_t size = 0, capacity = 64;
    void push_back(const FastOp& op) {
      if (size == capacity) grow();
      ops[size++] = op;
    }
    [[gnu::noinline]] void grow() {
      auto bigger = std::make_unique<FastOp[]>(2 * capacity);
      std::copy(ops.get(), ops.get() + size, bigger.get());
      ops = std::move(bigger);
      capacity *= 2;
    }
    const FastOp* begin() const { return ops.get(); }
    const FastOp* end() const { return ops.get() + size; }
  } ops_;
  TextCache texts_seen_;
  std::uint32_t case_hash_ = 0;  // StringPool::hash of a new case id (its slot is being fetched)
  // intern(text) for a text of the line (16 readable bytes past it).
  std::uint32_t intern_text(std::string_view text) {
    std::uint32_t id;
    if (texts_seen_.find(text, id)) return id;
    id = base_.strings.intern(text);
    texts_seen_.put(text, id);
    return id;
  }
  [[gnu::always_inline]] bool fast_string(const char*& p, std::string_view& text) {
    if (*p != '"') return false;
    const char* start = p + 1;
    const char* quote = find_quote(start, end_);
    if (quote == nullptr) return false;
    text = std::string_view(start, static_cast<std::size_t>(quote - start));
    p = quote + 1;
    return true;
  }
  bool fast_head(int which, const char*& p, Head& head);
  bool fast_fields(const char*& p, int record, std::size_t at, int depth);
  // The common kinds inline; the rest (and anything odd) in fast_other.
  [[gnu::always_inline]] bool fast_value(const char*& p, const Type& type, std::size_t slot, int depth) {
    switch (type.kind) {
      case TypeKind::enumeration:
        if (*p == '"') {
          const FastNames& names = value_names_[type.ref];
          const int index = names.match(p + 1, end_);
          if (index >= 0) {
            p += names.size_of(index) + 2;
            scratch_[slot] = Value::of_enum(index);
            return true;
          }
        }
        break;
      case TypeKind::boolean:
        if (*p == 't' && load4(p) == load4("true")) {
          p += 4;
          scratch_[slot] = Value::of_bool(true);
          return true;
        }
        if (*p == 'f' && load4(p + 1) == load4("alse")) {
          p += 5;
          scratch_[slot] = Value::of_bool(false);
          return true;
        }
        break;
      case TypeKind::date: {
        // A date is ten bytes; anything else the general reader refuses.
        Date date;
        if (*p == '"' && end_ - p > 11 && p[11] == '"' && dates_.get(std::string_view(p + 1, 10), date)) {
          p += 12;
          scratch_[slot] = Value::of_date(date);
          return true;
        }
        break;
      }
      default: break;
    }
    return fast_other(p, type, slot, depth);
  }
  bool fast_other(const char*& p, const Type& type, std::size_t slot, int depth);
  bool fast_set(const char*& p, const Type& type, std::size_t slot);
  bool fast_map(const char*& p, const Type& type, std::size_t slot);

  // Events go to their cases' lists at the end of the file, each list grown
  // once: runs of consecutive events of one case, in input order.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runs_;  // case index, events
  std::uint32_t run_case_id_ = UINT32_MAX, run_case_index_ = 0;   // the last event's case
  void add_to_case(std::uint32_t case_index) {
    if (!runs_.empty() && runs_.back().first == case_index) {
      ++runs_.back().second;
    } else {
      runs_.emplace_back(case_index, 1);
    }
  }

 public:
  // Appends the events read (from event `first` of the base on) to their cases.
  void finish(std::size_t first);
};

void LineReader::finish(std::size_t first) {
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

std::string LineReader::path(std::string_view last) const {
  std::string out;
  for (std::string_view name : path_) out.append(name).append(".");
  out.append(last);
  if (last.empty() && !out.empty()) out.pop_back();
  return out;
}

std::vector<std::uint8_t>& LineReader::seen_at(int depth, std::size_t count) {
  while (seen_.size() <= static_cast<std::size_t>(depth)) seen_.emplace_back();
  std::vector<std::uint8_t>& seen = seen_[depth];
  seen.assign(count, 0);
  return seen;
}

bool LineReader::read(od::parser& parser, const char* line, std::size_t length,
                      std::size_t capacity, std::uint32_t line_no) {
  line_ = line_no;
  path_.clear();
  od::document doc;
  if (auto code = parser.iterate(line, length, capacity).get(doc)) return json_fail(code);
  od::object object;
  if (auto code = doc.get_object().get(object)) {
    return code == simdjson::INCORRECT_TYPE ? fail("expected a JSON object (one event per line)")
                                            : json_fail(code);
  }
  Head head;
  Value* values = nullptr;
  const std::size_t reported = errors_.size();
  bool deferred = false;
  if (!read_top(object, head, values, deferred)) return false;
  if (deferred && head.type >= 0) {
    // Body fields came before `type` and were skipped: read the body again.
    errors_.resize(reported);  // its warnings come again
    values = nullptr;
    doc.rewind();
    if (auto code = doc.get_object().get(object)) return json_fail(code);
    Head again;
    again.type = head.type;
    if (!read_top(object, again, values, deferred)) return false;
    head.id = again.id;  // the rewind reused the buffer the first pass's text was in
    head.id_hash = again.id_hash;
  }
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) {
    return fail("not valid JSON (more text after the event's closing brace)");
  }
  for (int which : {kId, kCase, kType, kDate}) {
    if (!(head.seen & (1u << which))) {
      return fail(fmt::format("missing required field `{}`", kEnvelopeNames[which]));
    }
  }
  if (values == nullptr) values = body_values(head.type);  // an event with no body fields
  if (!check_required(schema_.program.events[head.type].record, values, 0)) return false;
  return add_event(head, values, std::string_view(line, length));
}

Value* LineReader::body_values(int type) {
  const int record = schema_.program.events[type].record;
  const std::size_t count = schema_.program.records[record].fields.size();
  seen_at(0, count);
  return base_.allocate_values(count);
}

// The envelope into `head`, the body into `values` (allocated once `type` is
// known). Body fields before `type` are skipped and `deferred` set.
bool LineReader::read_top(od::object object, Head& head, Value*& values, bool& deferred) {
  int hint = 0;
  for (auto member : object) {
    od::field field;
    if (auto code = std::move(member).get(field)) return json_fail(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return json_fail(code);
    const int envelope = envelope_field(key);
    if (envelope >= 0) {
      if (!read_head(envelope, field.value(), head)) return false;
      continue;
    }
    if (head.type < 0) {
      deferred = true;
      continue;
    }
    if (values == nullptr) values = body_values(head.type);
    const int record = schema_.program.events[head.type].record;
    if (!read_member(record, key, field.value(), values, 0, hint)) return false;
  }
  return true;
}

// A nested record's fields into `values`.
bool LineReader::read_object(od::object object, int record, Value* values, int depth) {
  seen_at(depth, schema_.program.records[record].fields.size());
  int hint = 0;
  for (auto member : object) {
    od::field field;
    if (auto code = std::move(member).get(field)) return json_fail(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return json_fail(code);
    if (!read_member(record, key, field.value(), values, depth, hint)) return false;
  }
  return check_required(record, values, depth);
}

bool LineReader::read_string(od::value& value, std::string_view& text, bool& present) {
  od::json_type type;
  if (auto code = value.type().get(type)) return json_fail(code);
  present = type != od::json_type::null;
  if (!present) return true;
  if (type != od::json_type::string) return mismatch("a string", value);  // envelope fields
  if (auto code = value.get_string().get(text)) return json_fail(code);
  return true;
}

bool LineReader::read_head(int which, od::value value, Head& head) {
  if (head.seen & (1u << which)) {
    return fail(fmt::format("field `{}` appears twice", kEnvelopeNames[which]));
  }
  path_.assign(1, kEnvelopeNames[which]);
  std::string_view text;
  bool present = false;
  if (!read_string(value, text, present)) return false;
  path_.clear();
  const bool optional = which == kRecorded || which == kAmends;
  if (!present) {
    if (optional) return true;
    return fail(fmt::format("{}: expected a string; found null", kEnvelopeNames[which]));
  }
  head.seen |= 1u << which;
  if (text.empty() && which != kType && which != kDate && which != kRecorded) {
    return fail(fmt::format("{}: must not be empty", kEnvelopeNames[which]));
  }
  switch (which) {
    case kId:
      head.id = text;
      head.id_hash = StringPool::hash(text);
      base_.strings.prefetch(head.id_hash);
      return true;
    case kCase:
      if (!last_case_.is(text)) last_case_.set(text, base_.strings.intern(text));
      head.case_id = last_case_.id;
      return true;
    case kAmends: head.amends = base_.strings.intern(text); return true;
    case kType: {
      head.type = schema_.event_types.find(text);
      if (head.type >= 0) return true;
      std::string near = closest_name(std::string(text), schema_.event_types.name_strings());
      return fail(fmt::format("unknown event type {}{}", quoted(text),
                              near.empty() ? "" : fmt::format("; did you mean `{}`?", near)));
    }
    case kDate: {
      std::optional<Date> date = parse_date(text);
      if (!date) return fail(fmt::format("date: {}", date_problem(text)));
      head.has_date = true, head.date = *date;
      return true;
    }
    default: {
      std::optional<Timestamp> at = parse_timestamp(text);
      if (!at) return fail(fmt::format("recorded: {}", timestamp_problem(text)));
      head.has_recorded = true, head.recorded = *at;
      return true;
    }
  }
}

bool LineReader::read_member(int record, std::string_view key, od::value value, Value* values,
                             int depth, int& hint) {
  const RecordDef& def = schema_.program.records[record];
  const int index = schema_.fields[record].find(key, hint);
  if (index < 0) {
    std::string message = schema_.unknown_field(record, key, path(key), depth == 0);
    if (!options_.unknown_fields_are_warnings) return fail(std::move(message));
    fail(std::move(message), true);
    return true;
  }
  hint = index + 1;
  std::uint8_t& seen = seen_[depth][index];
  if (seen) return fail(fmt::format("field `{}` appears twice", path(key)));
  seen = 1;
  path_.push_back(def.fields[index].name);
  const bool ok = read_value(value, def.fields[index].type, values[index], depth);
  path_.pop_back();
  return ok;
}

// The JSON type a value of `kind` is written as; null for kinds case data
// cannot hold.
od::json_type json_for(TypeKind kind) {
  switch (kind) {
    case TypeKind::boolean: return od::json_type::boolean;
    case TypeKind::number:
    case TypeKind::money: return od::json_type::number;
    case TypeKind::text:
    case TypeKind::date:
    case TypeKind::timestamp:
    case TypeKind::enumeration: return od::json_type::string;
    case TypeKind::set: return od::json_type::array;
    case TypeKind::map:
    case TypeKind::record: return od::json_type::object;
    default: return od::json_type::null;
  }
}

bool LineReader::read_value(od::value value, const Type& type, Value& out, int depth) {
  od::json_type json;
  if (auto code = value.type().get(json)) return json_fail(code);
  out = Value::unknown();
  if (json == od::json_type::null) return true;
  if (json_for(type.kind) == od::json_type::null) {
    return fail(fmt::format("{}: this field's type cannot be read from case data", path()));
  }
  if (json != json_for(type.kind)) return mismatch(schema_.expected(type), value);
  switch (type.kind) {
    case TypeKind::boolean: {
      bool b = false;
      if (auto code = value.get_bool().get(b)) return json_fail(code);
      out = Value::of_bool(b);
      return true;
    }
    case TypeKind::number:
    case TypeKind::money: {
      double number = 0;
      if (auto code = value.get_double().get(number)) return json_fail(code);
      out = Value::of_number(number);
      return true;
    }
    case TypeKind::set: return read_set(value, type, out);
    case TypeKind::map: return read_map(value, type, out, depth);
    case TypeKind::record: {
      od::object object;
      if (auto code = value.get_object().get(object)) return json_fail(code);
      Value* items = base_.allocate_values(schema_.program.records[type.ref].fields.size());
      if (!read_object(object, type.ref, items, depth + 1)) return false;
      out = Value::of_items(ValueKind::record, items);
      return true;
    }
    default: {
      std::string_view text;
      if (auto code = value.get_string().get(text)) return json_fail(code);
      return read_text(text, type, out);
    }
  }
}

// Texts, dates, timestamps and enum values: all written as JSON strings.
bool LineReader::read_text(std::string_view text, const Type& type, Value& out) {
  if (type.kind == TypeKind::text) {
    out = Value::of_text(base_.strings.intern(text));
  } else if (type.kind == TypeKind::date) {
    std::optional<Date> date = parse_date(text);
    if (!date) return fail(fmt::format("{}: {}", path(), date_problem(text)));
    out = Value::of_date(*date);
  } else if (type.kind == TypeKind::timestamp) {
    std::optional<Timestamp> at = parse_timestamp(text);
    if (!at) return fail(fmt::format("{}: {}", path(), timestamp_problem(text)));
    out = Value::of_timestamp(*at);
  } else {
    const int index = schema_.values[type.ref].find(text);
    if (index < 0) {
      return fail(fmt::format("{}: expected {}; found {}", path(), schema_.value_list(type.ref), quoted(text)));
    }
    out = Value::of_enum(index);
  }
  return true;
}

// A set of enum values is a bit mask; a set of texts, sorted unique ids.
bool LineReader::read_set(od::value value, const Type& type, Value& out) {
  od::array array;
  if (auto code = value.get_array().get(array)) return json_fail(code);
  const Type element_type{type.ref >= 0 ? TypeKind::enumeration : TypeKind::text, type.ref};
  if (type.ref >= 0 && schema_.program.enums[type.ref].values.size() > 64) {
    return fail(fmt::format("{}: sets of more than 64 values are not supported", path()));
  }
  std::uint64_t mask = 0;
  texts_.clear();
  for (auto element_result : array) {
    od::value element;
    if (auto code = std::move(element_result).get(element)) return json_fail(code);
    od::json_type json;
    if (auto code = element.type().get(json)) return json_fail(code);
    if (json != od::json_type::string) return mismatch(schema_.expected(element_type), element);
    std::string_view text;
    Value item;
    if (auto code = element.get_string().get(text)) return json_fail(code);
    if (!read_text(text, element_type, item)) return false;
    if (type.ref >= 0) {
      mask |= std::uint64_t(1) << item.small;
    } else {
      texts_.push_back(static_cast<std::uint32_t>(item.small));
    }
  }
  if (type.ref >= 0) {
    out = Value::of_enum_set(mask);
    return true;
  }
  std::sort(texts_.begin(), texts_.end());
  texts_.erase(std::unique(texts_.begin(), texts_.end()), texts_.end());
  out.kind = ValueKind::text_set;
  out.texts = base_.add_text_set(texts_);
  return true;
}

// A map is an object keyed by the values of its key enum; keys left out stay
// unknown.
bool LineReader::read_map(od::value value, const Type& type, Value& out, int depth) {
  od::object object;
  if (auto code = value.get_object().get(object)) return json_fail(code);
  const NameTable& keys = schema_.values[type.ref];
  const Type value_type{type.ref2 >= 0 ? TypeKind::enumeration : TypeKind::unknown, type.ref2};
  Value* items = base_.allocate_values(keys.names().size());
  std::vector<std::uint8_t>& seen = seen_at(depth + 1, keys.names().size());
  int hint = 0;
  for (auto member : object) {
    od::field field;
    if (auto code = std::move(member).get(field)) return json_fail(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return json_fail(code);
    const int index = keys.find(key, hint);
    if (index < 0) {
      return fail(fmt::format("{}: unknown key {}; expected one of {}", path(), quoted(key),
                              schema_.value_list(type.ref, false)));
    }
    hint = index + 1;
    if (seen[index]) return fail(fmt::format("field `{}` appears twice", path(key)));
    seen[index] = 1;
    path_.push_back(keys.names()[index]);
    const bool ok = read_value(field.value(), value_type, items[index], depth + 1);
    path_.pop_back();
    if (!ok) return false;
  }
  out = Value::of_items(ValueKind::map, items);
  return true;
}

bool LineReader::check_required(int record, const Value* values, int depth) {
  const int missing = schema_.first_missing(record, values, base_.strings);
  if (missing < 0) return true;
  const FieldDef& field = schema_.program.records[record].fields[missing];
  const std::string why = schema_.why_required(field);
  if (seen_[depth][missing]) return fail(fmt::format("field `{}` must not be null{}", path(field.name), why));
  return fail(fmt::format("missing required field `{}`{}", path(field.name), why));
}

bool LineReader::add_event(const Head& head, const Value* values, std::string_view line) {
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

// ---------------------------------------------------------------- fast reader

LineReader::Fast LineReader::read_fast(const char* line, std::size_t length, std::uint32_t line_no) {
  const char* p = line;
  end_ = line + length;
  scratch_.size = 0;
  ops_.size = 0;
  blocks_.clear();
  Head head;
  if (*p != '{') return Fast::general;
  p = skip_spaces(p + 1);
  if (*p != '}') {
    std::uint64_t seen = 0;
    int hint = 0;
    const FastNames* names = nullptr;  // the body's, once `type` is read
    const std::vector<FieldDef>* fields = nullptr;
    for (;;) {
      if (*p != '"') return Fast::general;
      const char* key = p + 1;
      int index = -1;
      if (names != nullptr && names->is(key, end_, hint)) {
        index = hint;
        p = key + names->size_of(index) + 1;
      } else {
        const char* quote = find_quote(key, end_);
        if (quote == nullptr) return Fast::general;
        const auto size = static_cast<std::size_t>(quote - key);
        p = quote + 1;
        const int envelope = envelope_key(key, size);
        if (envelope >= 0) {
          if (*p != ':' && *(p = skip_spaces(p)) != ':') return Fast::general;
          p = skip_spaces(p + 1);
          if (!fast_head(envelope, p, head)) return Fast::general;
          if (envelope == kType) {
            const int record = schema_.program.events[head.type].record;
            names = &field_names_[record];
            fields = &schema_.program.records[record].fields;
          }
          index = -1;
        } else {
          // A body field before `type` (or of an event without one) is the
          // general reader's business.
          if (names == nullptr) return Fast::general;
          index = names->find(key, size);
          if (index < 0) return Fast::general;
        }
      }
      if (index >= 0) {
        if (seen >> index & 1) return Fast::general;
        seen |= std::uint64_t(1) << index;
        hint = index + 1;
        if (*p != ':' && *(p = skip_spaces(p)) != ':') return Fast::general;
        p = skip_spaces(p + 1);
        if (!fast_value(p, (*fields)[static_cast<std::size_t>(index)].type, static_cast<std::size_t>(index), 0)) {
          return Fast::general;
        }
      }
      if (*p == ' ') p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == '}') break;
      return Fast::general;
    }
  }
  if (p + 1 != end_) return Fast::general;
  constexpr unsigned kRequired = 1u << kId | 1u << kCase | 1u << kType | 1u << kDate;
  if ((head.seen & kRequired) != kRequired) return Fast::general;

  // The line is well-formed and every value has its type: commit.
  line_ = line_no;
  const int record = schema_.program.events[head.type].record;
  // Records and maps point into the scratch values until they are placed.
  Value* values = scratch_.values.get();
  for (std::size_t b = 1; b < blocks_.size(); ++b) values[blocks_[b].parent].items = values + blocks_[b].at;
  for (const FastOp& op : ops_) {
    switch (op.kind) {
      case FastOp::kCase:
        if (!last_case_.is(op.text, true)) last_case_.set(op.text, base_.strings.intern(op.text, case_hash_));
        head.case_id = last_case_.id;
        break;
      case FastOp::kAmends: head.amends = base_.strings.intern(op.text); break;
      case FastOp::kText: values[op.slot] = Value::of_text(intern_text(op.text)); break;
      case FastOp::kSetBegin: texts_.clear(); break;
      case FastOp::kSetText: texts_.push_back(intern_text(op.text)); break;
      case FastOp::kSetEnd:
        std::sort(texts_.begin(), texts_.end());
        texts_.erase(std::unique(texts_.begin(), texts_.end()), texts_.end());
        values[op.slot] = Value::unknown();
        values[op.slot].kind = ValueKind::text_set;
        values[op.slot].texts = base_.add_text_set(texts_);
        break;
      case FastOp::kCheck:
        // A required field missing: the general reader says which, the same
        // way (what was interned so far, it interns again to no effect).
        if (schema_.first_missing(op.record, values + op.slot, base_.strings) >= 0) return Fast::general;
        break;
    }
  }
  if (schema_.first_missing(record, values, base_.strings) >= 0) return Fast::general;
  // Into the case base, parts first so that their places are known.
  canonical_.assign(scratch_.size, 0);
  const Value* body = nullptr;
  for (std::size_t b = blocks_.size(); b-- > 0;) {
    const Block& block = blocks_[b];
    bool shared = false;
    const Value* placed = place(block.at, block.count, shared);
    if (block.parent < 0) {
      body = placed;
    } else {
      values[block.parent].items = placed;
      canonical_[static_cast<std::size_t>(block.parent)] = shared;
    }
  }
  return add_event(head, body, std::string_view(line, length)) ? Fast::read : Fast::refused;
}

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

// The values scratch_[at, at + count) in the case base: a block already
// stored with the same bytes, or a fresh copy.
const Value* LineReader::place(std::size_t at, std::size_t count, bool& shared) {
  shared = false;
  const Value* values = scratch_.values.get() + at;
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
    if ((values[i].kind == ValueKind::map || values[i].kind == ValueKind::record) && !canonical_[at + i]) {
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
  Shared& slot = shared_[(hash ^ hash >> 31) & (kSharedSlots - 1)];
  const auto tag = static_cast<std::uint32_t>(hash >> 40);
  shared = true;
  if (slot.values != nullptr && slot.hash == tag && slot.count == count &&
      same_values(slot.values, values, count)) {
    return slot.values;
  }
  const Value* out = copy();
  slot = Shared{out, tag, static_cast<std::uint32_t>(count)};
  return out;
}

bool LineReader::fast_head(int which, const char*& p, Head& head) {
  if (head.seen & (1u << which)) return false;
  if (*p == 'n') return (which == kRecorded || which == kAmends) && literal(p, "null");
  if (*p != '"') return false;
  head.seen |= 1u << which;
  if (which == kType) {
    int type = event_names_->match(p + 1, end_);
    if (type >= 0) {
      p += event_names_->size_of(type) + 2;
    } else {
      std::string_view text;
      if (!fast_string(p, text)) return false;
      type = event_names_->find(text.data(), text.size());
      if (type < 0) return false;
    }
    head.type = type;
    const std::size_t count = schema_.program.records[schema_.program.events[type].record].fields.size();
    if (count > 64) return false;
    scratch_.add(count);
    blocks_.push_back({0, static_cast<std::uint32_t>(count), -1});
    return true;
  }
  if (which == kDate) {
    // A date is ten bytes; anything else the general reader refuses.
    if (end_ - p <= 11 || p[11] != '"' || !dates_.get(std::string_view(p + 1, 10), head.date)) return false;
    head.has_date = true;
    p += 12;
    return true;
  }
  std::string_view text;
  if (!fast_string(p, text)) return false;
  switch (which) {
    case kId:
      if (text.empty()) return false;
      head.id = text;
      head.id_hash = StringPool::hash(text);
      base_.strings.prefetch(head.id_hash);
      return true;
    case kCase:
      if (text.empty()) return false;
      if (!last_case_.is(text, true)) {
        case_hash_ = StringPool::hash(text);
        base_.strings.prefetch(case_hash_);
      }
      ops_.push_back({FastOp::kCase, 0, -1, text});
      return true;
    case kAmends:
      if (text.empty()) return false;
      ops_.push_back({FastOp::kAmends, 0, -1, text});
      return true;
    default:
      head.has_recorded = true;
      return fast_timestamp(text, head.recorded, dates_);
  }
}

// A nested record's fields, at scratch_[at...]; p is on its `{`.
bool LineReader::fast_fields(const char*& p, int record, std::size_t at, int depth) {
  const std::vector<FieldDef>& fields = schema_.program.records[record].fields;
  const FastNames& names = field_names_[record];
  p = skip_spaces(p + 1);
  if (*p != '}') {
    std::uint64_t seen = 0;
    int hint = 0;
    for (;;) {
      if (*p != '"') return false;
      const char* key = p + 1;
      int index = hint;
      if (names.is(key, end_, hint)) {
        p = key + names.size_of(index) + 1;
      } else {
        const char* quote = find_quote(key, end_);
        if (quote == nullptr) return false;
        index = names.find(key, static_cast<std::size_t>(quote - key));
        if (index < 0) return false;
        p = quote + 1;
      }
      if (seen >> index & 1) return false;
      seen |= std::uint64_t(1) << index;
      hint = index + 1;
      if (*p != ':' && *(p = skip_spaces(p)) != ':') return false;
      p = skip_spaces(p + 1);
      if (!fast_value(p, fields[static_cast<std::size_t>(index)].type, at + static_cast<std::size_t>(index), depth)) {
        return false;
      }
      if (*p == ' ') p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == '}') break;
      return false;
    }
  }
  ++p;
  ops_.push_back({FastOp::kCheck, static_cast<std::uint32_t>(at), record, {}});
  return true;
}

bool LineReader::fast_other(const char*& p, const Type& type, std::size_t slot, int depth) {
  if (*p == 'n') return literal(p, "null");  // unknown, as scratch_ starts
  switch (type.kind) {
    case TypeKind::boolean:
      if (literal(p, "true")) {
        scratch_[slot] = Value::of_bool(true);
      } else if (literal(p, "false")) {
        scratch_[slot] = Value::of_bool(false);
      } else {
        return false;
      }
      return true;
    case TypeKind::number:
    case TypeKind::money: {
      double number = 0;
      if (!fast_number(p, number)) return false;
      scratch_[slot] = Value::of_number(number);
      return true;
    }
    case TypeKind::enumeration: {
      if (*p != '"') return false;
      const FastNames& names = value_names_[type.ref];
      int index = names.match(p + 1, end_);
      if (index >= 0) {
        p += names.size_of(index) + 2;
      } else {
        std::string_view text;
        if (!fast_string(p, text)) return false;
        index = names.find(text.data(), text.size());
        if (index < 0) return false;
      }
      scratch_[slot] = Value::of_enum(index);
      return true;
    }
    case TypeKind::date: {
      // A date is ten bytes; anything else the general reader refuses.
      Date date;
      if (*p != '"' || end_ - p <= 11 || p[11] != '"' || !dates_.get(std::string_view(p + 1, 10), date)) return false;
      p += 12;
      scratch_[slot] = Value::of_date(date);
      return true;
    }
    case TypeKind::text:
    case TypeKind::timestamp: {
      std::string_view text;
      if (!fast_string(p, text)) return false;
      if (type.kind == TypeKind::text) {
        ops_.push_back({FastOp::kText, static_cast<std::uint32_t>(slot), -1, text});
      } else {
        Timestamp at;
        if (!fast_timestamp(text, at, dates_)) return false;
        scratch_[slot] = Value::of_timestamp(at);
      }
      return true;
    }
    case TypeKind::set: return fast_set(p, type, slot);
    case TypeKind::map: return fast_map(p, type, slot);
    case TypeKind::record: {
      if (*p != '{' || depth >= 16) return false;
      const std::size_t count = schema_.program.records[type.ref].fields.size();
      if (count > 64) return false;
      const std::size_t at = scratch_.add(count);
      scratch_[slot].kind = ValueKind::record;
      blocks_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(count), static_cast<std::int32_t>(slot)});
      return fast_fields(p, type.ref, at, depth + 1);
    }
    default: return false;
  }
}

// A set of enum values is a bit mask; a set of texts, sorted unique ids
// (made at commit, when the texts are interned).
bool LineReader::fast_set(const char*& p, const Type& type, std::size_t slot) {
  if (*p != '[') return false;
  if (type.ref >= 0 && schema_.program.enums[type.ref].values.size() > 64) return false;
  if (type.ref < 0) ops_.push_back({FastOp::kSetBegin, static_cast<std::uint32_t>(slot), -1, {}});
  std::uint64_t mask = 0;
  p = skip_spaces(p + 1);
  if (*p != ']') {
    for (;;) {
      std::string_view text;
      if (!fast_string(p, text)) return false;
      if (type.ref >= 0) {
        const int index = value_names_[type.ref].find(text.data(), text.size());
        if (index < 0) return false;
        mask |= std::uint64_t(1) << index;
      } else {
        ops_.push_back({FastOp::kSetText, static_cast<std::uint32_t>(slot), -1, text});
      }
      p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == ']') break;
      return false;
    }
  }
  ++p;
  if (type.ref >= 0) {
    scratch_[slot] = Value::of_enum_set(mask);
  } else {
    ops_.push_back({FastOp::kSetEnd, static_cast<std::uint32_t>(slot), -1, {}});
  }
  return true;
}

// A map: an object keyed by the key enum's values, each an enum value.
bool LineReader::fast_map(const char*& p, const Type& type, std::size_t slot) {
  if (*p != '{' || type.ref2 < 0) return false;
  const FastNames& keys = value_names_[type.ref];
  const std::size_t count = schema_.program.enums[type.ref].values.size();
  if (count > 64) return false;
  const std::size_t at = scratch_.add(count);
  scratch_[slot].kind = ValueKind::map;
  blocks_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(count), static_cast<std::int32_t>(slot)});
  p = skip_spaces(p + 1);
  if (*p != '}') {
    std::uint64_t seen = 0;
    int hint = 0;
    for (;;) {
      if (*p != '"') return false;
      const char* key = p + 1;
      int index = hint;
      if (keys.is(key, end_, hint)) {
        p = key + keys.size_of(index) + 1;
      } else {
        const char* quote = find_quote(key, end_);
        if (quote == nullptr) return false;
        index = keys.find(key, static_cast<std::size_t>(quote - key));
        if (index < 0) return false;
        p = quote + 1;
      }
      if (seen >> index & 1) return false;
      seen |= std::uint64_t(1) << index;
      hint = index + 1;
      if (*p != ':' && *(p = skip_spaces(p)) != ':') return false;
      p = skip_spaces(p + 1);
      if (*p == 'n') {
        if (!literal(p, "null")) return false;
      } else {
        if (*p != '"') return false;
        const FastNames& values = value_names_[type.ref2];
        int value = values.match(p + 1, end_);
        if (value >= 0) {
          p += values.size_of(value) + 2;
        } else {
          std::string_view text;
          if (!fast_string(p, text)) return false;
          value = values.find(text.data(), text.size());
          if (value < 0) return false;
        }
        scratch_[at + index] = Value::of_enum(value);
      }
      p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == '}') break;
      return false;
    }
  }
  ++p;
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

bool read_events(const Program& program, std::string_view file_name, std::string_view jsonl,
                 CaseBase& base, std::vector<EventError>& errors, ReadOptions options) {
  const EventSchema schema(program);
  base.begin_file(file_name);
  // simdjson (and the fast reader) read up to SIMDJSON_PADDING bytes past a
  // line (whatever they hold). Lines with that much of the file after them
  // are parsed in place; only the last few are copied into a padded buffer.
  // Copying a whole large file (and faulting in its pages) would cost more
  // than parsing it.
  const char* data = jsonl.data();
  const std::size_t size = jsonl.size();
  std::string tail;
  od::parser parser;
  LineReader reader(schema, base, options, file_name, errors);
  bool ok = true;
  const std::size_t first_event = base.event_count();
  std::size_t pos = size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;  // UTF-8 BOM
  // A large file's cases and texts, told the base ahead once a part of the
  // file has been read: tables that grow by doubling would touch twice the
  // memory (and copy it).
  std::size_t sample_at = size >= (std::size_t(32) << 20) ? size / 32 : SIZE_MAX;
  const std::size_t cases_before = base.cases.size(), texts_before = base.strings.size();
  for (std::uint32_t line_no = 1; pos < size; ++line_no) {
    if (pos >= sample_at) {
      const double scale = 1.05 * static_cast<double>(size - pos) / static_cast<double>(pos);
      base.reserve(static_cast<std::size_t>(scale * static_cast<double>(base.cases.size() - cases_before)),
                   static_cast<std::size_t>(scale * static_cast<double>(base.strings.size() - texts_before)));
      sample_at = SIZE_MAX;
    }
    bool clean = false;
    const std::size_t end = line_end(data, pos, size, clean);
    std::size_t first = pos, last = end;
    while (first < last && is_space(data[first])) ++first;
    while (last > first && is_space(data[last - 1])) --last;
    pos = end + 1;
    if (first == last) continue;
    ++base.lines_read;
    const std::size_t length = last - first;
    const char* line = data + first;
    std::size_t capacity = size - first;
    if (end == size || capacity < length + simdjson::SIMDJSON_PADDING) {
      // A newline after the copy stops the fast reader's scans.
      tail.assign(line, length);
      tail.push_back('\n');
      tail.resize(length + simdjson::SIMDJSON_PADDING, ' ');
      line = tail.data(), capacity = tail.size();
    }
    if (clean && options.fast_path) {
      const LineReader::Fast verdict = reader.read_fast(line, length, line_no);
      if (verdict == LineReader::Fast::read) continue;
      if (verdict == LineReader::Fast::refused) {
        ok = false;
        continue;
      }
    }
    if (!reader.read(parser, line, length, capacity, line_no)) ok = false;
  }
  reader.finish(first_event);
  return ok;
}

}  // namespace carerules
