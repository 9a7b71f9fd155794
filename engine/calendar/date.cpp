#include "engine/calendar/date.hpp"

#include <array>
#include <chrono>

#include <fmt/format.h>

namespace carerules {
namespace {

namespace chr = std::chrono;

constexpr std::int64_t kSecondsPerDay = 86'400;

chr::sys_days to_sys_days(Date date) { return chr::sys_days{chr::days{date.days}}; }

Date from_sys_days(chr::sys_days day) {
    return Date{static_cast<std::int32_t>(day.time_since_epoch().count())};
}

chr::year_month_day to_chrono_ymd(Date date) { return chr::year_month_day{to_sys_days(date)}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads the run of decimal digits text[begin, begin + count). The caller has
// already checked they are digits.
int read_number(std::string_view text, std::size_t begin, std::size_t count) {
    int value = 0;
    for (std::size_t i = begin; i < begin + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
}

// True when text[begin, begin + count) are all digits.
bool all_digits(std::string_view text, std::size_t begin, std::size_t count) {
    for (std::size_t i = begin; i < begin + count; ++i)
        if (!is_digit(text[i])) return false;
    return true;
}

constexpr std::array<std::string_view, 7> kWeekdayNames{
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

constexpr std::array<std::string_view, 12> kShortMonthNames{
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Floor division, so that times before the epoch land on the earlier day.
std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
    std::int64_t quotient = value / divisor;
    if ((value % divisor != 0) && ((value < 0) != (divisor < 0))) --quotient;
    return quotient;
}

}  // namespace

bool has_date_shape(std::string_view text) {
    return text.size() == 10 && all_digits(text, 0, 4) && text[4] == '-' &&
           all_digits(text, 5, 2) && text[7] == '-' && all_digits(text, 8, 2);
}

std::optional<Date> parse_date(std::string_view text) {
    if (!has_date_shape(text)) return std::nullopt;
    const int year = read_number(text, 0, 4);
    if (year < kMinYear || year > kMaxYear) return std::nullopt;
    return make_date(year, static_cast<unsigned>(read_number(text, 5, 2)),
                     static_cast<unsigned>(read_number(text, 8, 2)));
}

std::string format_date(Date date) {
    const YearMonthDay ymd = to_ymd(date);
    return fmt::format("{:04}-{:02}-{:02}", ymd.year, ymd.month, ymd.day);
}

std::string format_date_long(Date date) {
    const YearMonthDay ymd = to_ymd(date);
    return fmt::format("{} {} {} {}", weekday_name(date).substr(0, 3), ymd.day,
                       kShortMonthNames[ymd.month - 1], ymd.year);
}

Date from_ymd(int year, unsigned month, unsigned day) {
    return from_sys_days(chr::sys_days{chr::year{year} / chr::month{month} / chr::day{day}});
}

std::optional<Date> make_date(int year, unsigned month, unsigned day) {
    // Range-check first: chrono's year/month/day constructors leave values
    // outside their storage range unspecified.
    if (year < static_cast<int>(chr::year::min()) || year > static_cast<int>(chr::year::max()) ||
        month > 12 || day > 31)
        return std::nullopt;
    const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return from_sys_days(chr::sys_days{ymd});
}

YearMonthDay to_ymd(Date date) {
    const chr::year_month_day ymd = to_chrono_ymd(date);
    return YearMonthDay{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day())};
}

void to_ymd(Date date, int& year, unsigned& month, unsigned& day) {
    const YearMonthDay ymd = to_ymd(date);
    year = ymd.year;
    month = ymd.month;
    day = ymd.day;
}

Date add_days(Date date, std::int64_t days) {
    return Date{static_cast<std::int32_t>(date.days + days)};
}

Date add_months(Date date, std::int64_t months) {
    const chr::year_month_day start = to_chrono_ymd(date);
    // year_month + months handles year roll-over in both directions.
    const chr::year_month target =
        chr::year_month{start.year(), start.month()} + chr::months{months};
    const chr::day last_day =
        chr::year_month_day_last{target.year(), chr::month_day_last{target.month()}}.day();
    const chr::day day = start.day() < last_day ? start.day() : last_day;
    return from_sys_days(chr::sys_days{target / day});
}

Date add_years(Date date, std::int64_t years) { return add_months(date, 12 * years); }

int weekday(Date date) {
    return static_cast<int>(chr::weekday{to_sys_days(date)}.iso_encoding());
}

std::string_view weekday_name(Date date) { return kWeekdayNames[weekday(date) - 1]; }

std::optional<Timestamp> parse_timestamp(std::string_view text) {
    // YYYY-MM-DDThh:mm:ssZ
    if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z') return std::nullopt;
    const std::optional<Date> date = parse_date(text.substr(0, 10));
    if (!date) return std::nullopt;
    if (!all_digits(text, 11, 2) || text[13] != ':' || !all_digits(text, 14, 2) ||
        text[16] != ':' || !all_digits(text, 17, 2))
        return std::nullopt;
    const int hour = read_number(text, 11, 2);
    const int minute = read_number(text, 14, 2);
    const int second = read_number(text, 17, 2);
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    return Timestamp{start_of_day(*date).seconds + hour * 3600 + minute * 60 + second};
}

std::string format_timestamp(Timestamp timestamp) {
    const Date date = date_of(timestamp);
    const std::int64_t within_day = timestamp.seconds - start_of_day(date).seconds;
    return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(date), within_day / 3600,
                       within_day / 60 % 60, within_day % 60);
}

Timestamp start_of_day(Date date) {
    return Timestamp{static_cast<std::int64_t>(date.days) * kSecondsPerDay};
}

Date date_of(Timestamp timestamp) {
    return Date{static_cast<std::int32_t>(floor_div(timestamp.seconds, kSecondsPerDay))};
}

}  // namespace carerules
