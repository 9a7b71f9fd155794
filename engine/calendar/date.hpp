// Calendar dates and UTC timestamps: the value types every rule and event uses.
//
// A Date is a plain day count so comparisons, hashing and storage are trivial;
// the <chrono> calendar types do the civil-calendar conversions and month
// arithmetic. No time zones: case data records dates, and timestamps are UTC.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carerules {

// Years accepted from text. Wide enough for any real case history and any
// projected due date, narrow enough that day counts never overflow.
inline constexpr int kMinYear = 1800;
inline constexpr int kMaxYear = 2200;

struct Date {
    std::int32_t days = 0;  // days since 1970-01-01 (negative before it)
    auto operator<=>(const Date&) const = default;
};

struct YearMonthDay {
    int year = 1970;
    unsigned month = 1;  // 1..12
    unsigned day = 1;    // 1..31
    auto operator<=>(const YearMonthDay&) const = default;
};

// Strict ISO `YYYY-MM-DD`: exactly 10 characters, a real calendar date,
// year in [kMinYear, kMaxYear]. Anything else (including surrounding
// whitespace or trailing text) gives nullopt.
std::optional<Date> parse_date(std::string_view text);

// True when `text` is ten characters shaped `DDDD-DD-DD` (digits and dashes),
// whether or not it names a real date. Lets callers tell "not a date at all"
// apart from "2025-02-30 is not a real date" in their error messages.
bool has_date_shape(std::string_view text);

// `YYYY-MM-DD`.
std::string format_date(Date date);

// Human-readable form for reports and explanations, e.g. "Fri 28 Feb 2025".
std::string format_date_long(Date date);

// Precondition: y/m/d is a real date. Use make_date when it may not be.
Date from_ymd(int year, unsigned month, unsigned day);
// The checked variant: nullopt when y/m/d is not a real date.
std::optional<Date> make_date(int year, unsigned month, unsigned day);

YearMonthDay to_ymd(Date date);
void to_ymd(Date date, int& year, unsigned& month, unsigned& day);

Date add_days(Date date, std::int64_t days);

// Calendar months with the corresponding-date rule, clamped to the end of the
// target month: 2024-02-29 + 12 = 2025-02-28, 2025-08-31 + 6 = 2026-02-28,
// 2025-03-31 - 1 = 2025-02-28. Negative `months` go backwards.
Date add_months(Date date, std::int64_t months);
Date add_years(Date date, std::int64_t years);  // add_months(date, 12 * years)

// ISO weekday: 1 = Monday .. 7 = Sunday.
int weekday(Date date);
// Full English name, "Monday" .. "Sunday".
std::string_view weekday_name(Date date);

struct Timestamp {
    std::int64_t seconds = 0;  // seconds since 1970-01-01T00:00:00Z
    auto operator<=>(const Timestamp&) const = default;
};

// Strict `YYYY-MM-DDThh:mm:ssZ`: exactly 20 characters, a date parse_date
// accepts, hour 00-23, minute and second 00-59 (no leap seconds).
std::optional<Timestamp> parse_timestamp(std::string_view text);

// `YYYY-MM-DDThh:mm:ssZ`.
std::string format_timestamp(Timestamp timestamp);

// Midnight UTC at the start of `date`.
Timestamp start_of_day(Date date);

// The UTC date on which `timestamp` falls.
Date date_of(Timestamp timestamp);

}  // namespace carerules
