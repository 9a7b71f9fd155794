#include "repl/command_dates.hpp"

#include <chrono>
#include <fmt/format.h>

namespace carerules::cli {

Date today() {
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date{static_cast<std::int32_t>(now.time_since_epoch().count())};
}

std::optional<Date> date_option(const std::optional<std::string>& text, const char* option) {
  if (!text) return today();
  auto d = parse_date(*text);
  if (!d) fmt::print(stderr, "error: {} `{}` is not a real date; write it as YYYY-MM-DD\n", option, *text);
  return d;
}

}  // namespace carerules::cli
