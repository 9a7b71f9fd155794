// What `eval` and `explain` share: the evaluation date, the rules in force
// then, and the case events, each refused with a clear message when wrong.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "engine/case_base.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

struct LoadedCases {
  Date as_of;
  std::unique_ptr<Program> program;
  std::unique_ptr<CaseBase> cases;
};

// Prints every problem to stderr; returns nullopt (exit 1) when any.
std::optional<LoadedCases> load_cases(const std::string& rules, const std::vector<std::string>& files,
                                      const std::optional<std::string>& as_of,
                                      const std::optional<std::string>& known_at, const Output& out, int& exit_code);

}  // namespace carerules::cli
