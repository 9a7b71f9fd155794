#include "repl/case_loading.hpp"

#include <fmt/format.h>

#include "dsl/load_program.hpp"
#include "engine/case_fold.hpp"
#include "engine/event_reader.hpp"
#include "engine/read_file.hpp"
#include "repl/command_dates.hpp"

namespace carerules::cli {

std::optional<LoadedCases> load_cases(const std::string& rules, const std::vector<std::string>& files,
                                      const std::optional<std::string>& as_of,
                                      const std::optional<std::string>& known_at, const Output& out, int& exit_code) {
  LoadedCases loaded;
  exit_code = 2;
  auto date = date_option(as_of, "--as-of");
  if (!date) return std::nullopt;
  loaded.as_of = *date;
  std::optional<Timestamp> known;
  if (known_at) {
    known = parse_timestamp(*known_at);
    if (!known) {
      fmt::print(stderr, "error: --known-at `{}` is not a real time; write it as YYYY-MM-DDThh:mm:ssZ\n", *known_at);
      return std::nullopt;
    }
  }
  exit_code = 1;
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = loaded.as_of;
  loaded.program = load_program({rules}, options, diagnostics);
  std::fputs(diagnostics.render(out.colour).c_str(), stderr);
  if (!loaded.program) return std::nullopt;
  loaded.cases = std::make_unique<CaseBase>();
  std::vector<EventError> errors;
  for (const std::string& file : files) {
    auto text = MappedFile::open(file);
    if (!text) {
      fmt::print(stderr, "{}: error: cannot read this file\n", file);
      return std::nullopt;
    }
    read_events(*loaded.program, file, text->text(), *loaded.cases, errors);
  }
  if (!errors.empty()) {
    for (const EventError& e : errors) fmt::print(stderr, "{}\n", e.to_string());
    fmt::print(stderr, "{} bad line{}: nothing was evaluated\n", errors.size(), errors.size() == 1 ? "" : "s");
    return std::nullopt;
  }
  fold_all(*loaded.cases, known);
  exit_code = 0;
  return loaded;
}

}  // namespace carerules::cli
