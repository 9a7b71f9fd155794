// Benchmark of `eval`: loading rules, reading and folding events, and
// evaluating, against the hand-written floor over the same in-memory data.
// Wall-clock timing is fine here: this is a measuring tool, not evaluation.
//
//   carerules-bench --rules rules/national --cases /tmp/cases.jsonl --as-of 2026-11-24 [--repeat 3]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/eligibility_floor.hpp"
#include "dsl/load_program.hpp"
#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"
#include "engine/event_reader.hpp"
#include "engine/read_file.hpp"

using namespace carerules;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uint8_t tri(const Value& v) { return v.is_unknown() ? 2 : v.b ? 1 : 0; }

std::uint32_t set_mask(const Value& v) {
  return v.kind == ValueKind::map_subset ? static_cast<std::uint32_t>(v.small) : static_cast<std::uint32_t>(v.mask);
}

}  // namespace

int main(int argc, char** argv) {
  // The floor computes the four eligibility decisions, so by default the
  // engine loads the pack that makes exactly those (and the schema it uses).
  std::string rules = "rules/national/eligibility.care", cases, as_of_text = "2026-11-24";
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rules")) rules = argv[i + 1];
    else if (!std::strcmp(argv[i], "--cases")) cases = argv[i + 1];
    else if (!std::strcmp(argv[i], "--as-of")) as_of_text = argv[i + 1];
    else if (!std::strcmp(argv[i], "--repeat")) repeat = std::atoi(argv[i + 1]);
  }
  if (cases.empty()) {
    fmt::print(stderr, "usage: carerules-bench --cases FILE.jsonl [--rules DIR] [--as-of DATE] [--repeat N]\n");
    return 2;
  }
  Date as_of = *parse_date(as_of_text);

  auto t0 = Clock::now();
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = as_of;
  auto program = load_program({rules}, options, diagnostics);
  if (!program) {
    fmt::print(stderr, "{}", diagnostics.render(false));
    return 1;
  }
  double t_rules = seconds_since(t0);

  t0 = Clock::now();
  auto file = MappedFile::open(cases);
  if (!file) {
    fmt::print(stderr, "cannot read {}\n", cases);
    return 1;
  }
  std::string_view text = file->text();
  double t_file = seconds_since(t0);

  t0 = Clock::now();
  CaseBase base;
  std::vector<EventError> errors;
  if (!read_events(*program, cases, text, base, errors)) {
    fmt::print(stderr, "{}\n", errors.front().to_string());
    return 1;
  }
  double t_parse = seconds_since(t0);
  t0 = Clock::now();
  fold_all(base, std::nullopt);
  double t_fold = seconds_since(t0);

  int adult_eligible = program->find_decision("adult_eligible"), carer_eligible = program->find_decision("carer_eligible");
  int adult_set = program->find_decision("adult_unable_outcomes"), carer_set = program->find_decision("carer_unable_outcomes");
  bench::EligibilityFloor floor(*program);

  double best_engine = 1e9, best_floor = 1e9;
  std::size_t disagreements = 0, eligible = 0;
  for (int r = 0; r < repeat; ++r) {
    Evaluator evaluator(*program, base.strings);
    std::vector<Value> results;
    std::vector<bench::EligibilityAnswers> engine_answers;
    engine_answers.reserve(base.cases.size());
    t0 = Clock::now();
    for (const CaseEvents& c : base.cases) {
      evaluator.evaluate(c, as_of, results);
      bench::EligibilityAnswers a;
      a.adult_eligible = tri(results[static_cast<std::size_t>(adult_eligible)]);
      a.carer_eligible = tri(results[static_cast<std::size_t>(carer_eligible)]);
      a.adult_set_known = !results[static_cast<std::size_t>(adult_set)].is_unknown();
      a.carer_set_known = !results[static_cast<std::size_t>(carer_set)].is_unknown();
      a.adult_unable = a.adult_set_known ? set_mask(results[static_cast<std::size_t>(adult_set)]) : 0;
      a.carer_unable = a.carer_set_known ? set_mask(results[static_cast<std::size_t>(carer_set)]) : 0;
      engine_answers.push_back(a);
    }
    best_engine = std::min(best_engine, seconds_since(t0));

    std::vector<bench::EligibilityAnswers> floor_answers;
    floor_answers.reserve(base.cases.size());
    t0 = Clock::now();
    for (const CaseEvents& c : base.cases) floor_answers.push_back(floor.decide(c, as_of));
    best_floor = std::min(best_floor, seconds_since(t0));

    disagreements = eligible = 0;
    for (std::size_t i = 0; i < base.cases.size(); ++i) {
      const auto& a = engine_answers[i];
      const auto& b = floor_answers[i];
      eligible += a.adult_eligible == 1;
      if (a.adult_eligible != b.adult_eligible || a.carer_eligible != b.carer_eligible ||
          a.adult_set_known != b.adult_set_known || a.carer_set_known != b.carer_set_known ||
          a.adult_unable != b.adult_unable || a.carer_unable != b.carer_unable) {
        if (disagreements < 5)
          fmt::print(stderr, "engine and floor disagree on case {}\n", base.strings.text(base.cases[i].case_id));
        ++disagreements;
      }
    }
  }
  std::size_t n = base.cases.size();
  fmt::print("cases {}  events {}  input {:.1f} MB\n", n, base.event_count(), static_cast<double>(text.size()) / 1e6);
  fmt::print("load rules        {:8.3f} s\n", t_rules);
  fmt::print("read file         {:8.3f} s\n", t_file);
  fmt::print("parse + validate  {:8.3f} s  ({:.0f} MB/s)\n", t_parse, static_cast<double>(text.size()) / 1e6 / t_parse);
  fmt::print("fold histories    {:8.3f} s\n", t_fold);
  fmt::print("evaluate (engine) {:8.3f} s  ({:.0f} cases/s, best of {})\n", best_engine, static_cast<double>(n) / best_engine, repeat);
  fmt::print("evaluate (floor)  {:8.3f} s  (hand-written loop, same data)\n", best_floor);
  fmt::print("engine / floor    {:8.2f}x\n", best_engine / best_floor);
  fmt::print("load + decide     {:8.3f} s  (read + parse + fold + engine evaluate)\n", t_file + t_parse + t_fold + best_engine);
  fmt::print("adult eligible    {} of {};  engine and floor disagree on {} cases\n", eligible, n, disagreements);
  return disagreements == 0 ? 0 : 1;
}
