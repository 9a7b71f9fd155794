// Dates given on the command line, and today's date: the only clock read,
// outside evaluation, for options that default to today.
#pragma once
#include <optional>
#include <string>

#include "engine/calendar/date.hpp"

namespace carerules::cli {

// Today (UTC), by the system clock.
Date today();

// The date of an option such as --as-of: today when absent; nullopt, with a
// message on stderr naming the option, when it is not a real date.
std::optional<Date> date_option(const std::optional<std::string>& text, const char* option);

}  // namespace carerules::cli
