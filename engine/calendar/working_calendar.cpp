#include "engine/calendar/working_calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace carerules {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Quotes a line's content for a message, cut short so a stray binary or
// pasted paragraph does not flood the diagnostic.
std::string quoted(std::string_view text) {
    constexpr std::size_t kMaxShown = 40;
    if (text.size() > kMaxShown) return fmt::format("`{}...`", text.substr(0, kMaxShown));
    return fmt::format("`{}`", text);
}

// Why `text` (known not to parse) is not an acceptable date.
std::string describe_bad_date(std::string_view text) {
    if (!has_date_shape(text))
        return fmt::format("{} is not a date; each line must be one date written YYYY-MM-DD",
                           quoted(text));
    const int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
                     (text[3] - '0');
    if (year < kMinYear || year > kMaxYear)
        return fmt::format("{} is outside the supported years {} to {}", quoted(text), kMinYear,
                           kMaxYear);
    return fmt::format("{} is not a real date", quoted(text));
}

}  // namespace

std::string CalendarError::to_string() const {
    return fmt::format("{}:{}:{}: error: {}", file, line, column, message);
}

WorkingCalendar::WorkingCalendar(std::string name, std::vector<Date> holidays,
                                 Date first_covered, Date last_covered)
    : name_(std::move(name)),
      holidays_(std::move(holidays)),
      first_covered_(first_covered),
      last_covered_(last_covered) {}

std::variant<WorkingCalendar, CalendarError> WorkingCalendar::parse(std::string name,
                                                                    std::string_view text,
                                                                    std::string_view file_name) {
    // Date -> line it was first listed on, to name both lines of a duplicate.
    std::map<Date, int> first_line_of;
    int line_number = 0;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = text.size();
        std::string_view line = text.substr(line_start, line_end - line_start);
        line_start = line_end + 1;
        ++line_number;

        std::size_t content_begin = 0;
        while (content_begin < line.size() && is_blank(line[content_begin])) ++content_begin;
        std::size_t content_end = line.size();
        while (content_end > content_begin && is_blank(line[content_end - 1])) --content_end;
        const std::string_view content = line.substr(content_begin, content_end - content_begin);
        if (content.empty() || content.front() == '#') continue;

        const int column = static_cast<int>(content_begin) + 1;
        const std::optional<Date> date = parse_date(content);
        if (!date)
            return CalendarError{std::string(file_name), line_number, describe_bad_date(content),
                                 column};
        const auto [it, inserted] = first_line_of.emplace(*date, line_number);
        if (!inserted)
            return CalendarError{
                std::string(file_name), line_number,
                fmt::format("{} is listed twice (first on line {})", quoted(content), it->second),
                column};
    }
    if (first_line_of.empty())
        return CalendarError{std::string(file_name), 0, "the calendar file lists no dates", 1};

    // std::map is ordered, so this is already sorted and unique.
    std::vector<Date> holidays;
    holidays.reserve(first_line_of.size());
    for (const auto& entry : first_line_of) holidays.push_back(entry.first);

    const Date first_covered = from_ymd(to_ymd(holidays.front()).year, 1, 1);
    const Date last_covered = from_ymd(to_ymd(holidays.back()).year, 12, 31);
    return WorkingCalendar(std::move(name), std::move(holidays), first_covered, last_covered);
}

bool WorkingCalendar::covers(Date date) const {
    return first_covered_ <= date && date <= last_covered_;
}

bool WorkingCalendar::is_holiday(Date date) const {
    return std::binary_search(holidays_.begin(), holidays_.end(), date);
}

bool WorkingCalendar::is_working_day(Date date) const {
    return covers(date) && weekday(date) <= 5 && !is_holiday(date);
}

std::optional<Date> WorkingCalendar::add_working_days(Date from, int n) const {
    if (n == 0) return from;
    const int step = n > 0 ? 1 : -1;
    // 64-bit so that n == INT_MIN negates safely.
    std::int64_t remaining = n > 0 ? std::int64_t{n} : -std::int64_t{n};
    Date day = from;
    while (remaining > 0) {
        day = add_days(day, step);
        // The covered range bounds this loop, however large n is.
        if (!covers(day)) return std::nullopt;
        if (is_working_day(day)) --remaining;
    }
    return day;
}

}  // namespace carerules
