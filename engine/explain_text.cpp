#include "engine/explain_text.hpp"

#include <fmt/format.h>

#include "dsl/source.hpp"
#include "engine/describe.hpp"

namespace carerules {

std::string describe_event(const Program& program, const StringPool& strings, const Event* e) {
  return fmt::format("{} of {} (event {})", program.events[static_cast<std::size_t>(e->type)].name, format_date(e->date),
                     strings.text(e->id));
}

std::string explain_decision(const Program& program, const StringPool& strings, const std::vector<Value>& settings,
                             int decision, const DecisionTrace& t) {
  const DecisionDef& def = program.decisions[static_cast<std::size_t>(decision)];
  const PackDef& pack = program.packs[static_cast<std::size_t>(def.pack)];
  std::string text = fmt::format("{}: {}\n", def.name, describe(program, strings, def.type, t.value));
  if (!def.title.empty()) text += fmt::format("  {}\n", def.title);
  text += fmt::format("  Law: {}\n", def.cites);
  text += fmt::format("  Rule: {} version {} (hash {}), {} line {}\n", pack.name, pack.version, pack.hash.substr(0, 12),
                      def.span.file->path, def.span.line);
  if (def.replaces_pack >= 0)
    text += fmt::format("  This is the council's rule, used instead of the one in {}\n",
                        program.packs[static_cast<std::size_t>(def.replaces_pack)].name);
  std::string missing;
  for (std::size_t g = 0; g < def.givens.size(); ++g)
    if (t.givens[g].is_unknown() && def.givens[g].value.type.kind == TypeKind::event)
      missing += fmt::format("{}`{}`", missing.empty() ? "" : " and ",
                             span_text(def.givens[g].value.span, def.givens[g].value.end_span));
  bool decided_by_a_condition = t.applied >= 0 && def.cases[static_cast<std::size_t>(t.applied)].condition.has_value();
  if (t.value.is_unknown() && !missing.empty() && !decided_by_a_condition)
    text += fmt::format("  Why: it cannot be decided: nothing in the case history matches {}\n", missing);
  else if (!t.explanation.empty())
    text += fmt::format("  Why: {}\n", t.explanation);
  for (std::size_t g = 0; g < def.givens.size(); ++g)
    text += fmt::format("  Given {}: {}\n", def.givens[g].name,
                        t.givens[g].is_unknown() ? std::string("none found, so what is read from it is unknown")
                                                 : describe(program, strings, def.givens[g].value.type, t.givens[g]));
  for (const CaseTried& tried : t.tried) {
    const DecisionCase& c = def.cases[static_cast<std::size_t>(tried.index)];
    std::string value_text = span_text(c.value.span, c.value.end_span);
    bool applied = tried.index == t.applied;
    text += fmt::format("  {} `{} when ...`:\n",
                        applied ? "Applied" : (t.applied < 0 && &tried == &t.tried.back() ? "Could not decide" : "Did not apply"),
                        value_text);
    for (const ConditionTrace& ct : tried.conditions)
      text += fmt::format("    {:<8} {}\n", describe(program, strings, ct.condition->type, ct.value),
                          span_text(ct.condition->span, ct.condition->end_span));
  }
  if (t.applied >= 0 && !def.cases[static_cast<std::size_t>(t.applied)].condition) {
    const DecisionCase& c = def.cases[static_cast<std::size_t>(t.applied)];
    if (def.cases.size() == 1)
      text += fmt::format("  Worked out as `{}`\n", span_text(c.value.span, c.value.end_span));
    else
      text += "  Applied `otherwise`: no earlier case applied\n";
  }
  if (!t.events_read.empty()) {
    text += "  Events read:";
    for (std::size_t i = 0; i < t.events_read.size(); ++i)
      text += (i ? ", " : " ") + describe_event(program, strings, t.events_read[i]);
    text += "\n";
  }
  if (!def.settings_used.empty()) {
    text += "  Settings used:";
    for (std::size_t i = 0; i < def.settings_used.size(); ++i) {
      const SettingDef& s = program.settings[static_cast<std::size_t>(def.settings_used[i])];
      text += fmt::format("{} {} = {}", i ? "," : "", s.name,
                          describe(program, strings, s.type, settings[static_cast<std::size_t>(def.settings_used[i])]));
    }
    text += "\n";
  }
  return text;
}

std::string explain_prompts(const Program& program, const StringPool& strings, const std::vector<OpenTask>& tasks,
                            const std::vector<RaisedAlert>& alerts) {
  std::string text = tasks.empty() ? "No task is open.\n" : "Tasks open:\n";
  for (const OpenTask& t : tasks) {
    const TaskDef& def = program.tasks[static_cast<std::size_t>(t.task)];
    text += fmt::format("  {} — {}\n    team {}, due {}; {}\n", def.name, def.title, def.team,
                        describe(program, strings, {TypeKind::date}, t.due), def.cites);
    if (t.about.kind == ValueKind::event) text += fmt::format("    about {}\n", describe_event(program, strings, t.about.event));
  }
  text += alerts.empty() ? "No alert is raised.\n" : "Alerts raised:\n";
  for (const RaisedAlert& a : alerts) {
    const AlertDef& def = program.alerts[static_cast<std::size_t>(a.alert)];
    text += fmt::format("  {} ({}, to {}): {}\n    {}\n", def.name, def.severity, def.recipient, a.message, def.cites);
  }
  return text;
}

}  // namespace carerules
