// Shared helpers of the checker tests.
#pragma once
#pragma GCC diagnostic ignored "-Wunused-function"
// The checker and loader: small packs written to a temporary folder, loaded
// with load_program, and the checked Program (or the diagnostics) read back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/load_program.hpp"
#include "dsl/program.hpp"
#include "engine/calendar/date.hpp"
#include "engine/calendar/sha256.hpp"

using namespace carerules;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temp directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    root_ = fs::temp_directory_path() /
            ("carerules-check-test-" + std::to_string(random()) + "-" + std::to_string(counter++));
    fs::create_directories(root_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `relative` (folders created as needed); returns the full path.
  std::string write(const std::string& relative, const std::string& text) const {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return path.string();
  }
  std::string path(const std::string& relative = "") const { return (root_ / relative).string(); }

 private:
  fs::path root_;
};

struct Loaded {
  Diagnostics diagnostics;
  std::unique_ptr<Program> program;
  std::string report() const { return diagnostics.render(false); }
};

std::unique_ptr<Loaded> load(const std::vector<std::string>& paths, LoadOptions options = {}) {
  auto out = std::make_unique<Loaded>();
  out->program = load_program(paths, options, out->diagnostics);
  return out;
}

// Loads and requires success.
std::unique_ptr<Loaded> load_ok(const std::vector<std::string>& paths, LoadOptions options = {}) {
  auto out = load(paths, options);
  INFO(out->report());
  REQUIRE_FALSE(out->diagnostics.has_errors());
  REQUIRE(out->program != nullptr);
  return out;
}

// All error messages joined, for `contains` checks.
std::string messages(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.sorted()) out += x.message + "\n  help: " + x.help + "\n";
  return out;
}

const DecisionDef& decision(const Program& p, const std::string& name) {
  int i = p.find_decision(name);
  REQUIRE(i >= 0);
  return p.decisions[static_cast<std::size_t>(i)];
}

int enum_id(const Program& p, const std::string& name) {
  auto it = p.enum_by_name.find(name);
  REQUIRE(it != p.enum_by_name.end());
  return it->second;
}

int setting_id(const Program& p, const std::string& name) {
  auto it = p.setting_by_name.find(name);
  REQUIRE(it != p.setting_by_name.end());
  return it->second;
}

const DataValue& constant_of(const Program& p, const Expr& e) {
  REQUIRE(e.op == Op::constant);
  REQUIRE(e.a >= 0);
  REQUIRE(static_cast<std::size_t>(e.a) < p.constants.size());
  return p.constants[static_cast<std::size_t>(e.a)];
}

std::size_t position(const std::vector<int>& order, int value) {
  auto it = std::find(order.begin(), order.end(), value);
  REQUIRE(it != order.end());
  return static_cast<std::size_t>(it - order.begin());
}

std::string header(const std::string& name, const std::string& extra = "") {
  return "pack " + name + " \"Pack " + name + "\"\n  version 1\n  in force from 2020-01-01\n" + extra + "\n";
}

// A small pack with every kind of name: enums, an event, a setting, decisions.
const std::string kBasic = header("t.basic") + R"care(
enum impact "Impact"
  none "no impact"
  some "some impact"
  significant "a significant impact"

enum level "Level"
  low "low"
  none "none at all"

enum ability "Ability"
  achieved "achieved"
  needs_help "needs help"

enum outcome "Outcome"
  eating "eating"
  washing "washing"
  dressing "dressing"

event assessment "An assessment"
  impact: impact
  level: level
  impairment: yes/no
  outcomes: ability for each outcome
  score: optional number
  carer: optional record (name: text, paid: yes/no)
  tags: set of outcome

setting threshold = 2 "How many outcomes" cites "local policy"

decision unable "Outcomes not achieved"
  type set of outcome
  cites "reg. 2(2)"
  given a = latest assessment where impact is known
  value a.outcomes that are not achieved

decision eligible "Eligible"
  type yes/no
  cites "reg. 2(1)"
  given a = latest assessment
  yes when a.impact is significant and count of (a.outcomes that are not achieved) is at least threshold
  otherwise no

decision no_level "Level is none"
  cites "test"
  given a = latest assessment
  value a.level is none

decision extra "More readings of the same assessment"
  type yes/no
  cites "test"
  given a = latest assessment
  given n = count of a.outcomes that are not achieved
  yes when a.level is not low and a.impact is one of (some, significant) and n is at least 1
  otherwise no
  explain "Unable to achieve {n} outcomes: {a.outcomes that are not achieved}."
)care";

}  // namespace

// ================================================================ names and types

// A small base pack that version and dependency tests build on.
namespace {

const std::string kBase = header("t.base") + R"care(
enum colour "Colour"
  red "red"
  blue "blue"
event visit "A visit"
  colour: colour
setting base_limit = 4
decision base_d "Base decision"
  cites "x"
  value 1
)care";

}  // namespace
