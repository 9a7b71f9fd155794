// Numbers, dates and timestamps read straight from the bytes of a clean line,
// for the fast reader. Each gives exactly the value the general reader's
// parser would (simdjson for numbers, parse_date and parse_timestamp for the
// rest), or false where it is not sure, and the line goes to the general one.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/reading/line_scan.hpp"

namespace carerules::reading {

// A JSON number whose value a double holds exactly after one correctly
// rounded operation (at most 2^53 - 1 in its digits, a power of ten up to
// 22): simdjson computes these the same way, so the double is the same bits.
// False for anything else (including numbers that are fine JSON). Inline:
// fast_other is its one caller.
[[gnu::always_inline]] inline bool fast_number(const char*& p, double& out) {
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

// parse_date without std::optional and chrono, for the fast reader: the same
// answer for every text (the tests compare the two readers over every day of
// the years allowed and around them).
bool fast_date(std::string_view text, Date& out);

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

// parse_timestamp likewise.
bool fast_timestamp(std::string_view text, Timestamp& out, DateCache& dates);

}  // namespace carerules::reading
