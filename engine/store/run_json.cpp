#include "engine/store/run_json.hpp"

#include <fmt/format.h>

#include "engine/describe.hpp"
#include "engine/store/canonical_json.hpp"

namespace carerules {

std::string packs_json(const Program& program) {
  std::string packs = "[";
  for (std::size_t i = 0; i < program.packs.size(); ++i)
    packs += fmt::format("{}{{\"name\":{},\"version\":{},\"hash\":{}}}", i ? "," : "", json_string(program.packs[i].name),
                         json_string(program.packs[i].version), json_string(program.packs[i].hash));
  return packs + "]";
}

std::string settings_json(const Evaluator& evaluator) {
  const Program& program = evaluator.program();
  JsonObject settings;
  for (std::size_t i = 0; i < program.settings.size(); ++i)
    settings.add_raw(program.settings[i].name,
                     to_json(program, evaluator.strings(), program.settings[i].type, evaluator.settings()[i]));
  return settings.str();
}

std::string decisions_json(const Program& program, const StringPool& strings, const std::vector<Value>& results) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, index] : program.decision_by_name) {
    const DecisionDef& def = program.decisions[static_cast<std::size_t>(index)];
    out += first ? "" : ",";
    out += json_string(name);
    out += ':';
    out += to_json(program, strings, def.type, results[static_cast<std::size_t>(index)]);
    first = false;
  }
  return out + "}";
}

std::string traces_json(const Program& program, const StringPool& strings, const std::vector<DecisionTrace>& traces) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, index] : program.decision_by_name) {
    const DecisionTrace& t = traces[static_cast<std::size_t>(index)];
    out += first ? "" : ",";
    first = false;
    out += json_string(name);
    out += fmt::format(":{{\"a\":{},\"c\":[", t.applied);
    for (std::size_t c = 0; c < t.tried.size(); ++c) {
      out += c ? ",[" : "[";
      const auto& conditions = t.tried[c].conditions;
      for (std::size_t k = 0; k < conditions.size(); ++k) {
        if (k) out += ',';
        const Type type = conditions[k].condition ? conditions[k].condition->type : Type{TypeKind::boolean};
        out += to_json(program, strings, type, conditions[k].value);
      }
      out += ']';
    }
    out += "],\"e\":[";
    for (std::size_t e = 0; e < t.events_read.size(); ++e) {
      if (e) out += ',';
      out += json_string(strings.text(t.events_read[e]->id));
    }
    out += "]}";
  }
  return out + "}";
}

CaseRecord record_case(const Program& program, const StringPool& strings, const std::vector<Value>& results,
                       const std::vector<DecisionTrace>& traces) {
  return {decisions_json(program, strings, results), traces_json(program, strings, traces)};
}

}  // namespace carerules
