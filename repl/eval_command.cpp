// `carerules eval`: one JSON line per case, byte-stable (CLI.md).
#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "engine/describe.hpp"
#include "engine/evaluate.hpp"
#include "engine/store/run_json.hpp"
#include "repl/case_loading.hpp"

namespace carerules::cli {

int run_eval(const EvalRequest& request, const Output& out) {
  int exit_code = 0;
  auto loaded = load_cases(request.rules, request.cases, request.as_of, request.known_at, out, exit_code);
  if (!loaded) return exit_code;
  const Program& program = *loaded->program;
  CaseBase& base = *loaded->cases;
  std::vector<int> by_name(program.decisions.size());
  for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<int>(i);
  std::sort(by_name.begin(), by_name.end(), [&](int a, int b) {
    return program.decisions[static_cast<std::size_t>(a)].name < program.decisions[static_cast<std::size_t>(b)].name;
  });
  const std::string packs = packs_json(program);
  std::string as_of = format_date(loaded->as_of);
  std::string output;
  try {
    Evaluator evaluator(program, base.strings);
    std::vector<Value> results;
    std::vector<OpenTask> tasks;
    std::vector<RaisedAlert> alerts;
    for (const CaseEvents& c : base.cases) {
      evaluator.evaluate(c, loaded->as_of, results);
      evaluator.prompts(tasks, alerts);
      std::string_view id = base.strings.text(c.case_id);
      if (request.format == "table") {
        output += fmt::format("{}  (as of {})\n", id, as_of);
        for (int d : by_name) {
          const DecisionDef& def = program.decisions[static_cast<std::size_t>(d)];
          output += fmt::format("  {:<34} {}\n", def.name, describe(program, base.strings, def.type, results[static_cast<std::size_t>(d)]));
        }
        for (const OpenTask& t : tasks) {
          const TaskDef& def = program.tasks[static_cast<std::size_t>(t.task)];
          output += fmt::format("  task  {} — {} (team {}, due {})\n", def.name, def.title, def.team,
                                describe(program, base.strings, {TypeKind::date}, t.due));
        }
        for (const RaisedAlert& a : alerts) {
          const AlertDef& def = program.alerts[static_cast<std::size_t>(a.alert)];
          output += fmt::format("  alert {} ({}, to {}): {}\n", def.name, def.severity, def.recipient, a.message);
        }
        continue;
      }
      // The decisions object is the one a run records (run_json.hpp), byte for byte.
      output += fmt::format("{{\"case\":{},\"as_of\":\"{}\",\"packs\":{},\"decisions\":{}", json_string(id), as_of, packs,
                            decisions_json(program, base.strings, results));
      output += ",\"tasks\":[";
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        const TaskDef& t = program.tasks[static_cast<std::size_t>(tasks[i].task)];
        output += fmt::format("{}{{\"name\":{},\"title\":{},\"due\":{},\"team\":{},\"cites\":{}", i ? "," : "",
                              json_string(t.name), json_string(t.title),
                              to_json(program, base.strings, {TypeKind::date}, tasks[i].due), json_string(t.team),
                              json_string(t.cites));
        if (tasks[i].about.kind == ValueKind::event)
          output += fmt::format(",\"about\":{}", json_string(base.strings.text(tasks[i].about.event->id)));
        output += "}";
      }
      output += "],\"alerts\":[";
      for (std::size_t i = 0; i < alerts.size(); ++i) {
        const AlertDef& a = program.alerts[static_cast<std::size_t>(alerts[i].alert)];
        output += fmt::format("{}{{\"name\":{},\"severity\":{},\"to\":{},\"message\":{}}}", i ? "," : "",
                              json_string(a.name), json_string(a.severity), json_string(a.recipient),
                              json_string(alerts[i].message));
      }
      output += "]}\n";
    }
  } catch (const EvaluationError& error) {
    fmt::print(stderr, "error: {}\n", error.what());
    return 1;
  }
  std::fwrite(output.data(), 1, output.size(), stdout);
  return 0;
}

}  // namespace carerules::cli
