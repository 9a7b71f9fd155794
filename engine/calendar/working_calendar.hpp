// A named working-day calendar: weekends plus a list of bank holidays loaded
// from a text file under rules/calendars/.
//
// The calendar only answers for the years its file covers. Outside them it
// refuses (nullopt) rather than guess, because a missing holiday would silently
// move a statutory deadline.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/calendar/date.hpp"

namespace carerules {

// A problem in a calendar file, in plain English.
struct CalendarError {
    std::string file;     // as given to WorkingCalendar::parse
    int line = 0;         // 1-based; 0 when the problem is the file as a whole
    std::string message;  // e.g. "`2025-02-30` is not a real date"
    int column = 1;       // 1-based column where the offending text starts

    // `FILE:LINE:COL: error: MESSAGE`, the project's diagnostic format.
    std::string to_string() const;
};

class WorkingCalendar {
public:
    // Parses the bank-holiday file format: one ISO date (YYYY-MM-DD) a line;
    // blank lines and lines starting with `#` are ignored; surrounding spaces,
    // tabs and a trailing CR are tolerated. Dates may be in any order; a date
    // listed twice, or a file with no dates, is an error. Covers 1 January of
    // the earliest year listed through 31 December of the latest.
    static std::variant<WorkingCalendar, CalendarError> parse(std::string name,
                                                              std::string_view text,
                                                              std::string_view file_name);

    const std::string& name() const { return name_; }
    const std::vector<Date>& holidays() const { return holidays_; }  // sorted, unique
    Date first_covered() const { return first_covered_; }
    Date last_covered() const { return last_covered_; }

    bool covers(Date date) const;
    // Whether `date` is a listed holiday (false outside the covered range).
    bool is_holiday(Date date) const;
    // Monday to Friday and not a holiday (false outside the covered range).
    bool is_working_day(Date date) const;

    // n >= 1: the n-th working day strictly after `from`, even when `from` is
    // itself a weekend or holiday. n <= -1: the |n|-th working day strictly
    // before `from`. n == 0: `from`. nullopt when any day that must be
    // inspected lies outside the covered range.
    std::optional<Date> add_working_days(Date from, int n) const;

private:
    WorkingCalendar(std::string name, std::vector<Date> holidays, Date first_covered,
                    Date last_covered);

    std::string name_;
    std::vector<Date> holidays_;
    Date first_covered_;
    Date last_covered_;
};

}  // namespace carerules
