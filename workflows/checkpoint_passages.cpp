// Checkpoints at run time: each passage (a care plan becoming agreed, say) is
// judged once, on the facts as they stood that day, and recorded; while the
// latest passage still misses something today, an alert names what, and the
// follow-up task carries the list. A failed checkpoint blocks nothing in the
// case system: carerules does not own it.
#include <fmt/format.h>

#include "workflows/case_prompts.hpp"

namespace carerules::workflows {

namespace {

struct Passage {
  int checkpoint = -1;
  const Event* event = nullptr;
  bool latest = false;
  std::vector<std::string> missing_today;  // the latest passage only
};

std::vector<std::string> missing_labels(const CheckpointDef& def, const std::vector<Value>& values) {
  std::vector<std::string> missing;
  for (std::size_t r = 0; r < def.requirements.size() && r < values.size(); ++r)
    if (values[r].kind != ValueKind::boolean || !values[r].b) missing.push_back(def.requirements[r].label);
  return missing;
}


}  // namespace

void CasePrompts::judge_checkpoints(const CaseEvents& c,
                                    const std::set<std::tuple<std::string, std::string, std::string>>& judged) {
  const StringPool& strings = evaluator_.strings();
  std::vector<Passage> fresh;
  std::vector<const Event*> passages;
  std::vector<Value> values;
  // First, with the evaluator still on the run's date: today's view of the
  // latest passage of each checkpoint, and the alerts it settles.
  for (std::size_t k = 0; k < program_.checkpoints.size(); ++k) {
    const CheckpointDef& def = program_.checkpoints[k];
    const std::string alert_name = def.alert >= 0 ? program_.alerts[static_cast<std::size_t>(def.alert)].name : def.name;
    evaluator_.passages(static_cast<int>(k), passages);
    const Event* latest = passages.empty() ? nullptr : passages.back();
    std::vector<std::string> missing_today;
    if (latest) {
      evaluator_.judge_checkpoint(static_cast<int>(k), latest, values);
      missing_today = missing_labels(def, values);
    }
    const std::string latest_id = latest ? std::string(strings.text(latest->id)) : "";
    for (StoredAlert& a : raised_) {
      if (a.id == 0 || a.source != "checkpoint" || a.name != alert_name) continue;
      if (a.subject == latest_id && !missing_today.empty()) continue;
      clear_alert(a);
    }
    for (const Event* e : passages) {
      if (judged.count({case_id_, def.name, std::string(strings.text(e->id))})) continue;
      fresh.push_back({static_cast<int>(k), e, e == latest, e == latest ? missing_today : std::vector<std::string>{}});
    }
  }
  // Then each new passage on its own day (this moves the evaluator's date).
  std::vector<Value> results;
  for (const Passage& p : fresh) {
    const CheckpointDef& def = program_.checkpoints[static_cast<std::size_t>(p.checkpoint)];
    evaluator_.evaluate(c, p.event->date, results);
    evaluator_.judge_checkpoint(p.checkpoint, p.event, values);
    const std::vector<std::string> missing = missing_labels(def, values);
    const std::string event_id(strings.text(p.event->id));
    records_.record_passage(run_id_, case_id_, def.name, event_id, p.event->date, missing);
    ++counts_.passages_judged;
    if (missing.empty()) continue;
    ++counts_.passages_failed;
    if (!p.latest || p.missing_today.empty()) continue;
    std::string message = fmt::format("Checkpoint not met: {}, on {} (event `{}`). Missing: {}",
                                      def.title.empty() ? def.name : def.title, format_date_long(p.event->date),
                                      event_id, joined(missing, "; "));
    if (p.missing_today != missing) message += fmt::format(". Still missing today: {}", joined(p.missing_today, "; "));
    StoredTask* follow_up = def.task >= 0 ? find_open(program_.tasks[static_cast<std::size_t>(def.task)].name) : nullptr;
    NewAlert alert{case_id_, def.name, event_id, "checkpoint", "medium", "team", message, def.cites,
                   follow_up ? std::optional<std::int64_t>(follow_up->id) : std::nullopt};
    if (def.alert >= 0) {
      const AlertDef& a = program_.alerts[static_cast<std::size_t>(def.alert)];
      alert.name = a.name;
      alert.severity = a.severity;
      alert.recipient = a.recipient;
    } else if (follow_up) {
      alert.recipient = "team " + follow_up->team;
    }
    raise_alert(alert);
    if (follow_up) {
      follow_up->detail = fmt::format("Missing at the checkpoint `{}` on {}: {}", def.name, format_date(p.event->date),
                                      joined(p.missing_today, "; "));
      TaskEvent note;
      note.action = "note";
      note.detail = follow_up->detail;
      records_.change(*follow_up, note, run_id_, as_of_);
    }
  }
}

}  // namespace carerules::workflows
