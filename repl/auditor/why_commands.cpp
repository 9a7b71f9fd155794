// `why NAME` and `why not NAME`: a decision's trace in plain English, worked
// out again from the run's stored rules and the events as known then, and
// checked against what the run recorded.
#include <algorithm>
#include <fmt/format.h>

#include "dsl/source.hpp"
#include "engine/describe.hpp"
#include "engine/explain_text.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/facts.hpp"
#include "repl/auditor/json_words.hpp"

namespace carerules::auditor {

namespace {

struct Explained {
  CaseEvaluation evaluation;
  int index = -1;
  const DecisionDef* def = nullptr;
  const DecisionTrace* trace = nullptr;
};

Explained explained(Session& session, const Token& name) {
  Explained e;
  session.case_id();  // a case must be selected
  e.index = session.decision_index(name);
  e.evaluation = session.evaluate_case();
  e.def = &session.replay().program().decisions[static_cast<std::size_t>(e.index)];
  e.trace = &e.evaluation.traces[static_cast<std::size_t>(e.index)];
  return e;
}

FactSources sources_of(Session& session, const Explained& e) {
  return FactSources{session.replay().program(), session.replay().cases().strings, *e.def, *e.trace,
                     e.evaluation.results, session.replay().evaluator().settings(), &session.folded_case(),
                     session.as_of()};
}

std::string fact_line(const Program& program, const Fact& f) {
  std::string line = fmt::format("{}: {}", f.what, f.value);
  if (f.decision < 0) return line;
  const DecisionDef& d = program.decisions[static_cast<std::size_t>(f.decision)];
  const bool why_not = d.type.kind == TypeKind::boolean && (f.value == "no" || f.value == "unknown");
  return line + fmt::format(" (`why{} {}` says why)", why_not ? " not" : "", d.name);
}

// The decision as the run recorded it, against the value worked out now.
void recorded_line(Session& session, const Explained& e) {
  auto stored = read_run_case(session.db(), session.run().id, session.case_id());
  const auto recorded = stored ? json_object_members(stored->decisions) : std::map<std::string, std::string>{};
  const auto now = json_object_members(e.evaluation.record.decisions);
  auto r = recorded.find(e.def->name);
  const bool same = r != recorded.end() && r->second == now.at(e.def->name);
  const std::string value = r == recorded.end() ? std::string("nothing") : json_words(r->second);
  std::FILE* out = session.out();
  if (session.as_of_is_runs() && session.known_at_is_runs()) {
    if (same) {
      fmt::print(out, "  Recorded by run {}: {} (the same)\n", session.run().id, value);
    } else {
      session.fail();
      fmt::print(out, "  {}\n", session.serious(fmt::format(
                                    "SERIOUS: run {} recorded {}, not what its stored rules give; `replay` says more",
                                    session.run().id, value)));
    }
  } else {
    fmt::print(out, "  Recorded by run {} (as of its own date and knowledge): {}\n", session.run().id, value);
  }
}

// What a case of a yes/no decision gives when it applies: `yes when`,
// `no when`, `unknown when`, or a value worked out.
enum class Gives { yes, no, unknown, worked_out };

Gives gives_of(const Program& program, const DecisionCase& c) {
  if (c.value.op != Op::constant || c.value.a < 0) return Gives::worked_out;
  const DataValue& d = program.constants[static_cast<std::size_t>(c.value.a)];
  if (d.kind == TypeKind::boolean) return d.boolean ? Gives::yes : Gives::no;
  return d.kind == TypeKind::unknown ? Gives::unknown : Gives::worked_out;
}

std::string header(Session& session) {
  return fmt::format("Case {} in run {}, {}\n\n", session.case_id(), session.run().id, session.when_text());
}

}  // namespace

void explain_why(Session& session, const command::Why& c) {
  Explained e = explained(session, c.decision);
  const Program& program = session.replay().program();
  std::string text = header(session) + explain_decision(program, session.replay().cases().strings,
                                                        session.replay().evaluator().settings(), e.index, *e.trace);
  const PackDef& pack = program.packs[static_cast<std::size_t>(e.def->pack)];
  text += fmt::format("  Pack: {} version {}, hash {}\n", pack.name, pack.version, pack.hash);
  std::fwrite(text.data(), 1, text.size(), session.out());
  recorded_line(session, e);
  std::vector<Fact> facts = facts_of_decision(sources_of(session, e));
  if (!facts.empty()) {
    fmt::print(session.out(), "  Facts read:\n");
    for (const Fact& f : facts) fmt::print(session.out(), "    {}{}\n", f.missing ? "MISSING: " : "", fact_line(program, f));
  }
}

void explain_why_not(Session& session, const command::WhyNot& c) {
  Explained e = explained(session, c.decision);
  const Program& program = session.replay().program();
  const StringPool& strings = session.replay().cases().strings;
  const DecisionDef& def = *e.def;
  const DecisionTrace& t = *e.trace;
  const std::string value = describe(program, strings, def.type, t.value);
  if (def.type.kind != TypeKind::boolean)
    throw CommandError(fmt::format("`why not` is for yes/no decisions, and `{}` is {} ({} for this case); `why {}` explains it",
                                   def.name, type_name(program, def.type), value, def.name));
  std::string text = header(session);
  if (t.value.kind == ValueKind::boolean && t.value.b) {
    text += fmt::format("{} is yes, so there is nothing to say why not; `why {}` explains the yes.\n", def.name, def.name);
    std::fwrite(text.data(), 1, text.size(), session.out());
    return;
  }
  text += fmt::format("{} is {}: {}\n  Law: {}\n", def.name, value, def.title, def.cites);
  const FactSources sources = sources_of(session, e);
  std::vector<std::string> would_change, needed, shown;
  // The facts behind one condition, each shown once in the whole answer.
  auto facts_text = [&](const Expr& condition) {
    std::string out;
    for (const Fact& f : facts_of(condition, sources)) {
      if (!f.needed.empty()) needed.push_back(f.needed);
      if (std::find(shown.begin(), shown.end(), f.what) != shown.end()) continue;
      shown.push_back(f.what);
      out += fmt::format("             {}{}\n", f.missing ? "MISSING: " : "", fact_line(program, f));
    }
    return out.empty() ? std::string("             (the facts above)\n") : out;
  };
  for (const CaseTried& tried : t.tried) {
    const DecisionCase& dc = def.cases[static_cast<std::size_t>(tried.index)];
    const std::string case_text = span_text(dc.value.span, dc.value.end_span);
    const bool applied = tried.index == t.applied;
    const bool undecided = t.applied < 0 && &tried == &t.tried.back();
    const Gives gives = gives_of(program, dc);
    if (!applied && !undecided && gives != Gives::yes) {
      text += fmt::format("  `{} when ...` did not apply (it would have given {})\n", case_text, case_text);
      continue;
    }
    if (applied)
      text += fmt::format("  `{} when ...` applied, because all its conditions are yes:\n", case_text);
    else if (undecided)
      text += fmt::format("  `{} when ...` could not be decided, because these of its conditions are unknown:\n", case_text);
    else
      text += fmt::format("  `{} when ...` did not apply, because these of its conditions are no:\n", case_text);
    for (const ConditionTrace& ct : tried.conditions) {
      const bool is_no = ct.value.kind == ValueKind::boolean && !ct.value.b;
      if (!applied && (undecided ? !ct.value.is_unknown() : !is_no)) continue;
      const std::string condition = span_text(ct.condition->span, ct.condition->end_span);
      text += fmt::format("    {:<8} {}\n", describe(program, strings, ct.condition->type, ct.value), condition);
      text += facts_text(*ct.condition);
      if (applied)
        would_change.push_back(fmt::format("`{}` would have to be no, for `{} when ...` not to apply", condition, case_text));
      else if (!undecided)
        would_change.push_back(fmt::format("`{}` would have to be yes, for `{} when ...` to apply", condition, case_text));
    }
  }
  if (t.applied >= 0 && !def.cases[static_cast<std::size_t>(t.applied)].condition) {
    const DecisionCase& dc = def.cases[static_cast<std::size_t>(t.applied)];
    const std::string expression = span_text(dc.value.span, dc.value.end_span);
    if (def.cases.size() == 1) {
      text += fmt::format("  It is worked out as `{}`, which reads:\n", expression);
      text += facts_text(dc.value);
      would_change.push_back(fmt::format("`{}` would have to be yes", expression));
    } else {
      text += fmt::format("  so `otherwise` gave {}\n", value);
    }
  }
  std::sort(needed.begin(), needed.end());
  needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
  text += "  What would change the answer:\n";
  for (const std::string& w : needed) text += fmt::format("    recording {}\n", w);
  for (const std::string& w : would_change) text += fmt::format("    {}\n", w);
  if (needed.empty() && would_change.empty()) text += fmt::format("    nothing in the conditions tried; see `why {}`\n", def.name);
  std::fwrite(text.data(), 1, text.size(), session.out());
  recorded_line(session, e);
}

}  // namespace carerules::auditor
