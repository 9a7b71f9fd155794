// Deterministic fuzzing in the ordinary test run: the shipped rules and the
// example events, mutated thousands of ways (byte flips, cuts, duplicated and
// swapped pieces), must always be accepted or refused with a positioned
// message — never crash, hang or go silent. CARERULES_FUZZ_ROUNDS=N runs N
// rounds of each instead of the default, for a longer soak.
// (libFuzzer needs clang, and Debian's ANTLR 4.9 runtime headers do not
// compile with clang 14, so the fuzzing is done here, with g++.)
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dsl/load_program.hpp"
#include "engine/case_fold.hpp"
#include "engine/event_reader.hpp"
#include "engine/evaluate.hpp"
#include "engine/read_file.hpp"
#include "tests/unit/fuzz_random.hpp"

using namespace carerules;

namespace {

using testing::fuzz_rounds;

struct Mutator : testing::SplitMix64 {
  std::string mutate(std::string s) {
    static const char* pieces[] = {" and ", " or ", "(", ")", "\"", "{", "}", ",", ":", "not ", "latest ", "when ",
                                   "2025-02-30", "-", "\n", "null", "true", "[", "]", "\\", "\xC3\xA9", "\xFF"};
    int edits = 1 + static_cast<int>(below(4));
    for (int i = 0; i < edits && !s.empty(); ++i) {
      std::size_t at = below(s.size());
      switch (below(5)) {
        case 0: s[at] = static_cast<char>(next() & 0xFF); break;
        case 1: s.erase(at, 1 + below(16)); break;
        case 2: s.insert(at, pieces[below(sizeof pieces / sizeof *pieces)]); break;
        case 3: s.insert(at, s.substr(below(s.size()), below(40))); break;
        default: s.resize(at); break;
      }
    }
    return s;
  }
};

}  // namespace

TEST_CASE("mutated rule files are refused with positioned errors, never a crash", "[fuzz]") {
  auto text = read_whole_file(CARERULES_SOURCE_DIR "/rules/national/eligibility.care");
  auto schema = read_whole_file(CARERULES_SOURCE_DIR "/rules/national/schema.care");
  REQUIRE(text);
  REQUIRE(schema);
  Mutator m{20261124};
  int refused = 0;
  const int n = fuzz_rounds(400);
  for (int i = 0; i < n; ++i) {
    Diagnostics diagnostics;
    auto program = load_program_from_texts({{"schema.care", *schema}, {"eligibility.care", m.mutate(*text)}}, {}, diagnostics);
    if (!program) {
      ++refused;
      REQUIRE(diagnostics.has_errors());
      for (const Diagnostic& d : diagnostics.all()) {
        REQUIRE(!d.message.empty());
        REQUIRE(!d.file.empty());
        REQUIRE(d.message.find("viable") == std::string::npos);
        REQUIRE(d.message.find("mismatched") == std::string::npos);
      }
      REQUIRE(!diagnostics.render(false).empty());
    }
  }
  CHECK(refused > n / 2);  // the mutations really do break the file
}

TEST_CASE("mutated event files are refused line by line, never a crash", "[fuzz]") {
  Diagnostics diagnostics;
  auto program = load_program({CARERULES_SOURCE_DIR "/rules/national"}, {}, diagnostics);
  REQUIRE(program);
  auto events = read_whole_file(CARERULES_SOURCE_DIR "/examples/cases.jsonl");
  REQUIRE(events);
  std::size_t lines = static_cast<std::size_t>(std::count(events->begin(), events->end(), '\n'));
  Mutator m{7};
  int refused = 0;
  const int n = fuzz_rounds(300);
  for (int i = 0; i < n; ++i) {
    std::string mutated = m.mutate(*events);
    CaseBase base;
    std::vector<EventError> errors;
    bool ok = read_events(*program, "cases.jsonl", mutated, base, errors);
    std::size_t mutated_lines = static_cast<std::size_t>(std::count(mutated.begin(), mutated.end(), '\n')) + 1;
    if (!ok) {
      ++refused;
      REQUIRE(!errors.empty());
      for (const EventError& e : errors) {
        REQUIRE(e.line >= 1);
        REQUIRE(e.line <= mutated_lines);
        REQUIRE(!e.message.empty());
      }
    } else {
      fold_all(base, std::nullopt);
      Evaluator evaluator(*program, base.strings);
      std::vector<Value> results;
      for (const CaseEvents& c : base.cases) evaluator.evaluate(c, *parse_date("2026-11-24"), results);
    }
  }
  CHECK(refused > n / 2);
  CHECK(lines > 100);
}
