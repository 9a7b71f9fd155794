#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "engine/calendar/date.hpp"

using namespace carerules;

namespace {

// Parses a date the test knows is valid. Throws (which Catch reports) rather
// than asserting, because it is called inside other assertions.
Date d(const char* text) {
    const std::optional<Date> date = parse_date(text);
    if (!date) throw std::runtime_error(std::string("test date does not parse: ") + text);
    return *date;
}

std::string plus_months(const char* text, std::int64_t months) {
    return format_date(add_months(d(text), months));
}

}  // namespace

TEST_CASE("parse_date maps ISO dates to days since 1970-01-01", "[date]") {
    CHECK(d("1970-01-01").days == 0);
    CHECK(d("1969-12-31").days == -1);
    CHECK(d("2000-03-01").days == 11017);
    CHECK(d("2025-03-01").days == 20148);
    CHECK(d("1800-01-01").days == -62091);
    CHECK(d("2200-12-31").days == 84370);
    CHECK(d("2024-02-29").days == d("2024-02-28").days + 1);
}

TEST_CASE("format_date round-trips parse_date", "[date]") {
    for (const char* text : {"1800-01-01", "1969-12-31", "1970-01-01", "2000-02-29",
                             "2024-02-29", "2025-12-31", "2200-12-31"}) {
        CAPTURE(text);
        CHECK(format_date(d(text)) == text);
    }
    CHECK(format_date(Date{0}) == "1970-01-01");
    CHECK(format_date(Date{20148}) == "2025-03-01");
}

TEST_CASE("parse_date rejects anything but a real YYYY-MM-DD date", "[date]") {
    for (const char* text :
         {"2025-02-29",    // not a leap year
          "1900-02-29",    // century, not a leap year
          "2024-13-01",    // month 13
          "2024-00-10",    // month 0
          "2024-01-00",    // day 0
          "2024-04-31",    // April has 30 days
          "2024-1-01",     // short month
          "2024-01-1",     // short day
          "2024-01-01x",   // trailing text
          "2024-01-01 ",   // trailing space
          " 2024-01-01",   // leading space
          "2024/01/01",    // wrong separator
          "+024-01-01",    // sign in the year
          "2024-0a-01",    // letter
          "1799-12-31",    // before the supported years
          "2201-01-01",    // after them
          "",
          "20240101"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_date(text).has_value());
    }
    CHECK(parse_date("2024-02-29").has_value());
    CHECK(parse_date("2000-02-29").has_value());
}

TEST_CASE("has_date_shape checks the form, not the calendar", "[date]") {
    CHECK(has_date_shape("2025-02-30"));
    CHECK(has_date_shape("9999-99-99"));
    CHECK_FALSE(has_date_shape("2025-2-03"));
    CHECK_FALSE(has_date_shape("2025-02-030"));
    CHECK_FALSE(has_date_shape("2025_02_03"));
}

TEST_CASE("from_ymd, make_date and to_ymd agree", "[date]") {
    CHECK(from_ymd(2025, 2, 28) == d("2025-02-28"));
    CHECK(from_ymd(1970, 1, 1) == Date{0});
    CHECK(make_date(2024, 2, 29) == std::optional<Date>{d("2024-02-29")});
    CHECK_FALSE(make_date(2023, 2, 29).has_value());
    CHECK_FALSE(make_date(2023, 13, 1).has_value());
    CHECK_FALSE(make_date(2023, 1, 32).has_value());
    CHECK_FALSE(make_date(2023, 1, 300).has_value());

    const YearMonthDay ymd = to_ymd(d("2026-04-07"));
    CHECK(ymd.year == 2026);
    CHECK(ymd.month == 4u);
    CHECK(ymd.day == 7u);

    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    to_ymd(Date{-1}, year, month, day);
    CHECK(year == 1969);
    CHECK(month == 12u);
    CHECK(day == 31u);
}

TEST_CASE("add_days moves across months, years and the epoch", "[date]") {
    CHECK(format_date(add_days(d("2025-12-31"), 1)) == "2026-01-01");
    CHECK(format_date(add_days(d("2024-02-28"), 1)) == "2024-02-29");
    CHECK(format_date(add_days(d("2025-02-28"), 1)) == "2025-03-01");
    CHECK(format_date(add_days(d("1970-01-01"), -1)) == "1969-12-31");
    // "The 84 days up to D" starts at D - 83.
    CHECK(format_date(add_days(d("2025-03-31"), -83)) == "2025-01-07");
    CHECK(add_days(d("2025-06-01"), 0) == d("2025-06-01"));
}

TEST_CASE("add_months clamps to the end of the target month", "[date]") {
    // Leap day + 12 months lands on 28 February.
    CHECK(plus_months("2024-02-29", 12) == "2025-02-28");
    // 31 August + 6 months: 28 February in a common year, 29 in a leap year.
    CHECK(plus_months("2025-08-31", 6) == "2026-02-28");
    CHECK(plus_months("2023-08-31", 6) == "2024-02-29");
    CHECK(plus_months("2024-01-31", 1) == "2024-02-29");
    CHECK(plus_months("2025-01-31", 1) == "2025-02-28");
    CHECK(plus_months("2025-01-31", 3) == "2025-04-30");
    // No clamping needed: the corresponding date.
    CHECK(plus_months("2025-01-15", 1) == "2025-02-15");
    CHECK(plus_months("2025-12-15", 1) == "2026-01-15");
    CHECK(plus_months("2025-03-28", 0) == "2025-03-28");
    CHECK(plus_months("2025-02-28", 12) == "2026-02-28");
}

TEST_CASE("add_months goes backwards with negative months", "[date]") {
    CHECK(plus_months("2025-03-31", -1) == "2025-02-28");
    CHECK(plus_months("2024-03-31", -1) == "2024-02-29");
    CHECK(plus_months("2025-01-15", -1) == "2024-12-15");
    CHECK(plus_months("2025-02-28", -12) == "2024-02-28");
    CHECK(plus_months("2025-05-31", -13) == "2024-04-30");
    // "The 12 months up to D" is after D - 12 months.
    CHECK(plus_months("2025-02-28", -12) == "2024-02-28");
}

TEST_CASE("add_years is twelve calendar months", "[date]") {
    CHECK(format_date(add_years(d("2024-02-29"), 1)) == "2025-02-28");
    CHECK(format_date(add_years(d("2024-02-29"), 4)) == "2028-02-29");
    CHECK(format_date(add_years(d("2024-02-29"), -1)) == "2023-02-28");
    CHECK(format_date(add_years(d("2025-07-10"), 1)) == "2026-07-10");
}

TEST_CASE("weekday is ISO: Monday 1 to Sunday 7", "[date]") {
    CHECK(weekday(d("1970-01-01")) == 4);  // a Thursday
    CHECK(weekday(d("1969-12-29")) == 1);  // Monday before the epoch
    CHECK(weekday(d("2025-12-22")) == 1);
    CHECK(weekday(d("2025-02-28")) == 5);
    CHECK(weekday(d("2025-12-20")) == 6);
    CHECK(weekday(d("2025-12-21")) == 7);
    CHECK(weekday(d("1800-01-01")) == 3);  // a Wednesday
    CHECK(weekday_name(d("2025-12-21")) == "Sunday");
    CHECK(weekday_name(d("2026-04-02")) == "Thursday");
    CHECK(weekday_name(d("2025-12-22")) == "Monday");
}

TEST_CASE("format_date_long is short weekday, day, short month, year", "[date]") {
    CHECK(format_date_long(d("2025-02-28")) == "Fri 28 Feb 2025");
    CHECK(format_date_long(d("2025-03-01")) == "Sat 1 Mar 2025");
    CHECK(format_date_long(d("2026-04-07")) == "Tue 7 Apr 2026");
}

TEST_CASE("parse_timestamp reads strict UTC timestamps", "[date][timestamp]") {
    const std::optional<Timestamp> t = parse_timestamp("2025-03-01T12:34:56Z");
    REQUIRE(t.has_value());
    CHECK(t->seconds == 1740832496);
    CHECK(parse_timestamp("1970-01-01T00:00:00Z") == std::optional<Timestamp>{Timestamp{0}});
    CHECK(parse_timestamp("1969-12-31T23:59:59Z") == std::optional<Timestamp>{Timestamp{-1}});
    CHECK(parse_timestamp("2025-03-01T23:59:59Z").value().seconds ==
          start_of_day(d("2025-03-02")).seconds - 1);

    for (const char* text :
         {"2025-03-01T24:00:00Z", "2025-03-01T23:60:00Z", "2025-03-01T23:59:60Z",
          "2025-03-01T12:34:56", "2025-03-01t12:34:56Z", "2025-03-01 12:34:56Z",
          "2025-03-01T12:34:56+00:00", "2025-03-01T12:34:56Zx", "2025-02-29T00:00:00Z",
          "2025-03-01T1:34:56Z", "2025-03-01T12-34-56Z", "2025-03-01", ""}) {
        CAPTURE(text);
        CHECK_FALSE(parse_timestamp(text).has_value());
    }
}

TEST_CASE("format_timestamp round-trips parse_timestamp", "[date][timestamp]") {
    for (const char* text : {"2025-03-01T12:34:56Z", "1970-01-01T00:00:00Z",
                             "1969-12-31T23:59:59Z", "2024-02-29T23:59:59Z",
                             "1800-01-01T00:00:01Z", "2200-12-31T23:59:59Z"}) {
        CAPTURE(text);
        const std::optional<Timestamp> t = parse_timestamp(text);
        REQUIRE(t.has_value());
        CHECK(format_timestamp(*t) == text);
    }
    CHECK(format_timestamp(Timestamp{-1}) == "1969-12-31T23:59:59Z");
    CHECK(format_timestamp(Timestamp{86400}) == "1970-01-02T00:00:00Z");
}

TEST_CASE("start_of_day and date_of convert between dates and timestamps",
          "[date][timestamp]") {
    CHECK(start_of_day(d("1970-01-02")).seconds == 86400);
    CHECK(start_of_day(d("1969-12-31")).seconds == -86400);
    CHECK(date_of(Timestamp{0}) == d("1970-01-01"));
    CHECK(date_of(Timestamp{86399}) == d("1970-01-01"));
    CHECK(date_of(Timestamp{-1}) == d("1969-12-31"));
    CHECK(date_of(Timestamp{-86400}) == d("1969-12-31"));
    CHECK(date_of(Timestamp{-86401}) == d("1969-12-30"));
    CHECK(date_of(parse_timestamp("2025-03-01T23:59:59Z").value()) == d("2025-03-01"));
    CHECK(date_of(start_of_day(d("2026-04-07"))) == d("2026-04-07"));
}
