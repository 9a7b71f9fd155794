#include "engine/reading/plain_scalars.hpp"

namespace carerules::reading {

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

}  // namespace carerules::reading
