// Runs the `test` blocks of a Program: builds each test's case from its
// events, evaluates as of its date, and compares with what it expects.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "dsl/program.hpp"

namespace carerules {

struct TestOutcome {
  const TestDef* test = nullptr;
  bool passed = false;
  std::vector<std::string> failures;  // one line per expectation not met, in plain words
};

// Runs the tests whose name contains `name_filter` and, when `include` is given,
// that it accepts.
std::vector<TestOutcome> run_tests(const Program& program, const std::string& name_filter = {},
                                   const std::function<bool(const TestDef&)>& include = {});

}  // namespace carerules
