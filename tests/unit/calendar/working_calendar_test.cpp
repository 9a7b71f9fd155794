#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/calendar/working_calendar.hpp"

using namespace carerules;

namespace {

constexpr const char* kEnglandAndWalesPath =
    CARERULES_SOURCE_DIR "/rules/calendars/england-and-wales.txt";

Date d(const char* text) {
    const std::optional<Date> date = parse_date(text);
    if (!date) throw std::runtime_error(std::string("test date does not parse: ") + text);
    return *date;
}

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot open ") + path);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// The shipped England and Wales calendar, parsed once.
const WorkingCalendar& england_and_wales() {
    static const WorkingCalendar calendar = [] {
        auto parsed = WorkingCalendar::parse("england_and_wales", read_file(kEnglandAndWalesPath),
                                             "england-and-wales.txt");
        if (auto* error = std::get_if<CalendarError>(&parsed))
            throw std::runtime_error(error->to_string());
        return std::get<WorkingCalendar>(std::move(parsed));
    }();
    return calendar;
}

// Formats the result so a failure shows the date actually produced.
std::string after(const char* from, int n) {
    const std::optional<Date> result = england_and_wales().add_working_days(d(from), n);
    return result ? format_date(*result) : "(outside the calendar)";
}

CalendarError parse_error(std::string_view text) {
    auto parsed = WorkingCalendar::parse("test", text, "test.txt");
    if (!std::holds_alternative<CalendarError>(parsed))
        throw std::runtime_error("expected a calendar error, but the text parsed");
    return std::get<CalendarError>(parsed);
}

WorkingCalendar parse_ok(std::string_view text) {
    auto parsed = WorkingCalendar::parse("test", text, "test.txt");
    if (auto* error = std::get_if<CalendarError>(&parsed))
        throw std::runtime_error(error->to_string());
    return std::get<WorkingCalendar>(std::move(parsed));
}

}  // namespace

TEST_CASE("the England and Wales file loads with its full range", "[working_calendar]") {
    const WorkingCalendar& calendar = england_and_wales();
    CHECK(calendar.name() == "england_and_wales");
    CHECK(calendar.holidays().size() == 131);
    CHECK(format_date(calendar.first_covered()) == "2015-01-01");
    CHECK(format_date(calendar.last_covered()) == "2030-12-31");
    CHECK(format_date(calendar.holidays().front()) == "2015-01-01");
    CHECK(format_date(calendar.holidays().back()) == "2030-12-26");
    CHECK(calendar.covers(d("2015-01-01")));
    CHECK(calendar.covers(d("2030-12-31")));
    CHECK_FALSE(calendar.covers(d("2014-12-31")));
    CHECK_FALSE(calendar.covers(d("2031-01-01")));
}

TEST_CASE("holidays and working days in England and Wales", "[working_calendar]") {
    const WorkingCalendar& calendar = england_and_wales();
    CHECK(calendar.is_holiday(d("2025-12-25")));
    CHECK(calendar.is_holiday(d("2026-04-03")));  // Good Friday
    CHECK(calendar.is_holiday(d("2022-09-19")));  // the state funeral
    CHECK(calendar.is_holiday(d("2020-05-08")));  // VE day move
    CHECK_FALSE(calendar.is_holiday(d("2020-05-04")));
    CHECK_FALSE(calendar.is_holiday(d("2025-12-24")));

    CHECK(calendar.is_working_day(d("2025-12-24")));        // Wednesday
    CHECK_FALSE(calendar.is_working_day(d("2025-12-25")));  // Christmas Day
    CHECK_FALSE(calendar.is_working_day(d("2025-12-20")));  // Saturday
    CHECK_FALSE(calendar.is_working_day(d("2025-12-21")));  // Sunday
    CHECK_FALSE(calendar.is_working_day(d("2031-01-02")));  // outside the data
}

TEST_CASE("add_working_days forwards skips weekends and bank holidays",
          "[working_calendar]") {
    // 25 and 26 December are holidays, 27-28 a weekend: the working days after
    // Monday 22 December are 23, 24, 29, 30, 31. (The original brief said 30
    // December for n = 5, which miscounts: 30 December is the fourth.)
    CHECK(after("2025-12-22", 4) == "2025-12-30");
    CHECK(after("2025-12-22", 5) == "2025-12-31");
    // Good Friday 3 April, Easter Monday 6 April.
    CHECK(after("2026-04-02", 1) == "2026-04-07");
    CHECK(after("2025-12-19", 1) == "2025-12-22");  // Friday -> Monday
    CHECK(after("2025-12-22", 1) == "2025-12-23");
    CHECK(after("2025-12-22", 3) == "2025-12-29");
    CHECK(after("2025-12-31", 1) == "2026-01-02");  // over New Year's Day
}

TEST_CASE("add_working_days counts from a weekend or holiday", "[working_calendar]") {
    CHECK(after("2025-12-20", 1) == "2025-12-22");  // Saturday -> Monday
    CHECK(after("2025-12-21", 1) == "2025-12-22");  // Sunday -> Monday
    CHECK(after("2025-12-25", 1) == "2025-12-29");  // Christmas Day -> Monday
    CHECK(after("2026-04-03", 2) == "2026-04-08");  // Good Friday + 2
}

TEST_CASE("add_working_days backwards and zero", "[working_calendar]") {
    CHECK(after("2026-01-05", -1) == "2026-01-02");
    CHECK(after("2025-12-29", -1) == "2025-12-24");  // over Christmas and a weekend
    CHECK(after("2025-12-27", -1) == "2025-12-24");  // from a Saturday
    CHECK(after("2026-04-07", -1) == "2026-04-02");  // over Easter
    CHECK(after("2025-12-31", -5) == "2025-12-22");  // inverse of the +5 case
    CHECK(after("2025-12-30", -5) == "2025-12-19");
    // Zero is the day itself, even a holiday.
    CHECK(after("2025-12-25", 0) == "2025-12-25");
    CHECK(after("2025-12-22", 0) == "2025-12-22");
}

TEST_CASE("add_working_days refuses to leave the covered years", "[working_calendar]") {
    const WorkingCalendar& calendar = england_and_wales();
    // Only 30 and 31 December are left in 2030.
    CHECK_FALSE(calendar.add_working_days(d("2030-12-28"), 5).has_value());
    CHECK(after("2030-12-28", 2) == "2030-12-31");
    CHECK(after("2030-12-30", 1) == "2030-12-31");
    CHECK_FALSE(calendar.add_working_days(d("2030-12-31"), 1).has_value());
    // 1 January 2015 is a holiday, so the day before Friday 2 January is in 2014.
    CHECK_FALSE(calendar.add_working_days(d("2015-01-02"), -1).has_value());
    CHECK(after("2015-01-05", -1) == "2015-01-02");
    // The start day itself need not be covered when it is not inspected.
    CHECK(after("2014-12-31", 1) == "2015-01-02");
    CHECK_FALSE(calendar.add_working_days(d("2040-06-01"), 1).has_value());
    CHECK_FALSE(calendar.add_working_days(d("2025-06-02"), 1'000'000).has_value());
    CHECK_FALSE(calendar.add_working_days(d("2025-06-02"), -1'000'000).has_value());
}

TEST_CASE("calendar text: comments, blanks, unsorted, CRLF", "[working_calendar][parse]") {
    const WorkingCalendar calendar =
        parse_ok("# a comment\r\n\r\n  2025-12-25  \r\n2024-01-01\r\n   # indented comment\n"
                 "\t2024-12-26");
    REQUIRE(calendar.holidays().size() == 3);
    CHECK(format_date(calendar.holidays()[0]) == "2024-01-01");
    CHECK(format_date(calendar.holidays()[1]) == "2024-12-26");
    CHECK(format_date(calendar.holidays()[2]) == "2025-12-25");
    CHECK(format_date(calendar.first_covered()) == "2024-01-01");
    CHECK(format_date(calendar.last_covered()) == "2025-12-31");
    CHECK(calendar.name() == "test");
}

TEST_CASE("calendar text: an impossible date names its line", "[working_calendar][parse]") {
    const CalendarError error = parse_error("# header\n\n2025-01-01\n2025-02-30\n2025-12-25\n");
    CHECK(error.file == "test.txt");
    CHECK(error.line == 4);
    CHECK(error.column == 1);
    CHECK(error.message == "`2025-02-30` is not a real date");
    CHECK(error.to_string() == "test.txt:4:1: error: `2025-02-30` is not a real date");
}

TEST_CASE("calendar text: other bad lines", "[working_calendar][parse]") {
    SECTION("not shaped like a date") {
        const CalendarError error = parse_error("2025-01-01\n  2025-1-02\n");
        CHECK(error.line == 2);
        CHECK(error.column == 3);
        CHECK(error.message ==
              "`2025-1-02` is not a date; each line must be one date written YYYY-MM-DD");
    }
    SECTION("a trailing comment is not allowed") {
        const CalendarError error = parse_error("2025-12-25 # Christmas\n");
        CHECK(error.line == 1);
        CHECK(error.message.rfind("`2025-12-25 # Christmas` is not a date", 0) == 0);
    }
    SECTION("a year outside the supported range") {
        const CalendarError error = parse_error("2025-01-01\n2025-12-25\n1700-01-01\n");
        CHECK(error.line == 3);
        CHECK(error.message == "`1700-01-01` is outside the supported years 1800 to 2200");
    }
    SECTION("a duplicate names both lines") {
        const CalendarError error = parse_error("2025-12-25\n2025-12-26\n\n2025-12-25\n");
        CHECK(error.line == 4);
        CHECK(error.message == "`2025-12-25` is listed twice (first on line 1)");
    }
    SECTION("a file with no dates") {
        const CalendarError error = parse_error("# only a comment\n\n");
        CHECK(error.line == 0);
        CHECK(error.message == "the calendar file lists no dates");
    }
    SECTION("a long line is cut short in the message") {
        const CalendarError error = parse_error(std::string(100, 'x'));
        CHECK(error.message == "`" + std::string(40, 'x') +
                                   "...` is not a date; each line must be one date written "
                                   "YYYY-MM-DD");
    }
}
