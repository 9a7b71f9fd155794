// `replay` and `replay all`: each case decided again from the events the run
// saw, as known then, with the rules stored with it, as of its date; the
// decisions and traces must be byte for byte what it recorded. Any
// difference is a serious finding.
#include <fmt/format.h>
#include <set>

#include "engine/store/audit_verify.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/json_words.hpp"

namespace carerules::auditor {

namespace {

std::string value_words(const std::map<std::string, std::string>& values, const std::string& name) {
  auto it = values.find(name);
  return it == values.end() ? std::string("nothing") : json_words(it->second);
}

// What differs between the record and the replay of one case, a line each;
// empty when they are identical.
std::vector<std::string> differences(const RunCaseRow& stored, const std::optional<CaseEvaluation>& now) {
  std::vector<std::string> lines;
  if (!now) {
    lines.push_back("the run recorded decisions for this case, but the events it saw hold no such case");
    return lines;
  }
  if (stored.decisions != now->record.decisions) {
    const auto recorded = json_object_members(stored.decisions), replayed = json_object_members(now->record.decisions);
    for (const std::string& name : differing_decisions(stored.decisions, now->record.decisions))
      lines.push_back(fmt::format("{}: recorded {}; the stored rules give {}", name, value_words(recorded, name),
                                  value_words(replayed, name)));
    if (lines.empty()) lines.push_back("the recorded decisions are not written as the run writes them");
  }
  if (stored.traces != now->record.traces) {
    const auto recorded = json_object_members(stored.traces), replayed = json_object_members(now->record.traces);
    std::size_t before = lines.size();
    for (const std::string& name : differing_decisions(stored.traces, now->record.traces)) {
      auto r = recorded.find(name), p = replayed.find(name);
      lines.push_back(fmt::format("the trace of {} (the conditions' values and the events read): recorded {}; the stored rules give {}",
                                  name, r == recorded.end() ? "nothing" : r->second, p == replayed.end() ? "nothing" : p->second));
    }
    if (lines.size() == before) lines.push_back("the recorded traces are not written as the run writes them");
  }
  return lines;
}

void report(Session& session, const std::string& case_id, const std::vector<std::string>& lines, bool decisions_differ) {
  std::FILE* out = session.out();
  fmt::print(out, "{}\n", session.serious(fmt::format(
                              "SERIOUS: the recorded {} does not match what the stored rules give, for case {} in run {}:",
                              decisions_differ ? "decision" : "trace", case_id, session.run().id)));
  for (const std::string& line : lines) fmt::print(out, "  {}\n", line);
}

void explain_finding(Session& session) {
  fmt::print(session.out(),
             "The run's record was changed after it was made, or this carerules ({}) decides differently from the one that "
             "made run {} ({}). `carerules audit verify --db {}` checks every record against the audit log.\n",
             engine_version(), session.run().id, session.run().engine_version, session.db().path());
}

}  // namespace

void replay_cases(Session& session, const command::Replay& c) {
  const RunRow& run = session.run();
  const Date as_of = parse_date(run.as_of).value_or(Date{});
  const std::optional<Timestamp> known_at = run.known_at ? parse_timestamp(*run.known_at) : std::nullopt;
  std::FILE* out = session.out();
  const std::string knowledge = run.known_at ? fmt::format("known at {}", *run.known_at) : "knowing every event it saw";
  if (!c.all) {
    const std::string& case_id = session.case_id();
    auto stored = read_run_case(session.db(), run.id, case_id);
    if (!stored) throw CommandError(fmt::format("run {} recorded no decisions for case {}", run.id, case_id));
    fmt::print(out, "Replay of case {} in run {}, as of {}, {}, from the stored events and the stored rules:\n", case_id,
               run.id, format_date_long(as_of), knowledge);
    const auto now = session.evaluate(case_id, as_of, known_at);
    std::vector<std::string> lines = differences(*stored, now);
    if (lines.empty()) {
      const std::size_t n = session.replay().program().decisions.size();
      fmt::print(out, "identical: {} and their traces are what the run recorded\n",
                 count_text(static_cast<std::int64_t>(n), "decision", "decisions"));
      return;
    }
    session.fail();
    report(session, case_id, lines, !now || stored->decisions != now->record.decisions);
    explain_finding(session);
    return;
  }
  fmt::print(out, "Replay of every case of run {}, as of {}, {}, from the stored events and the stored rules:\n", run.id,
             format_date_long(as_of), knowledge);
  std::size_t cases = 0, different = 0;
  std::set<std::string> recorded;
  for_each_run_case(session.db(), run.id, [&](const RunCaseRow& stored) {
    ++cases;
    recorded.insert(stored.case_id);
    const auto now = session.evaluate(stored.case_id, as_of, known_at);
    std::vector<std::string> lines = differences(stored, now);
    if (lines.empty()) return;
    ++different;
    report(session, stored.case_id, lines, !now || stored.decisions != now->record.decisions);
  });
  // Every case the run saw must have its record.
  RunReplay& replay = session.replay_at(as_of, known_at);
  std::size_t unrecorded = 0;
  for (const CaseEvents& c : replay.cases().cases) {
    const std::string id(replay.cases().strings.text(c.case_id));
    if (recorded.count(id)) continue;
    ++unrecorded;
    fmt::print(out, "{}\n", session.serious(fmt::format(
                                "SERIOUS: the run saw the events of case {} but recorded no decisions for it", id)));
  }
  if (different || unrecorded) {
    session.fail();
    fmt::print(out, "{}\n", session.serious(fmt::format("replay all: {} of run {}: {} identical, {} DIFFERENT{}",
                                                        count_text(static_cast<std::int64_t>(cases), "case", "cases"),
                                                        run.id, with_thousands(static_cast<std::int64_t>(cases - different)),
                                                        with_thousands(static_cast<std::int64_t>(different)),
                                                        unrecorded ? fmt::format(", {} not recorded", unrecorded) : "")));
    explain_finding(session);
    return;
  }
  fmt::print(out, "replay all: {} of run {}: every one identical, decisions and traces\n",
             count_text(static_cast<std::int64_t>(cases), "case", "cases"), run.id);
}

}  // namespace carerules::auditor
