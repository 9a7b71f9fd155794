// The order of the checking passes, in one place.
#include "dsl/checker.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace carerules {

void Checker::compute_visibility() {
  std::size_t n = program_.packs.size();
  visible_.assign(n, {});
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<int> todo{static_cast<int>(p)};
    while (!todo.empty()) {
      int q = todo.back();
      todo.pop_back();
      if (!visible_[p].insert(q).second) continue;
      const PackDef& pack = program_.packs[static_cast<std::size_t>(q)];
      for (const auto* names : {&pack.uses, &pack.extends})
        for (const std::string& name : *names)
          for (std::size_t r = 0; r < n; ++r)
            if (program_.packs[r].name == name) todo.push_back(static_cast<int>(r));
    }
  }
}

bool Checker::extends_reach(int from_pack, int declared_in) const {
  const PackDef& pack = program_.packs[static_cast<std::size_t>(from_pack)];
  for (const std::string& name : pack.extends)
    for (std::size_t r = 0; r < program_.packs.size(); ++r)
      if (program_.packs[r].name == name && visible(static_cast<int>(r), declared_in)) return true;
  return false;
}

bool Checker::visible(int from_pack, int declared_in) const {
  if (from_pack < 0 || declared_in < 0 || static_cast<std::size_t>(from_pack) >= visible_.size()) return true;
  return visible_[static_cast<std::size_t>(from_pack)].count(declared_in) > 0;
}

void Checker::not_visible(const Span& at, const std::string& what, int declared_in, int from_pack) {
  const std::string& owner = program_.packs[static_cast<std::size_t>(declared_in)].name;
  diagnostics_.error(at, fmt::format("{} belongs to the pack `{}`, which `{}` does not use", what, owner,
                                     program_.packs[static_cast<std::size_t>(from_pack)].name),
                     fmt::format("add `uses {}` to the pack's header", owner));
}

void Checker::check(const std::vector<std::pair<const ast::File*, int>>& files) {
  compute_visibility();
  for (const auto& [file, pack] : files)
    for (const auto& e : file->enums) declare_enum(e, pack);
  for (const auto& [file, pack] : files)
    for (const auto& e : file->events) declare_event(e, pack);
  for (const auto& [file, pack] : files)
    for (const auto& e : file->events) check_event_fields(e);
  for (const auto& [file, pack] : files)
    for (const auto& c : file->calendars) load_calendar(c, pack);
  // Decisions are named before settings are checked, so that a setting that
  // reads a decision is told exactly that.
  for (const auto& [file, pack] : files)
    for (const auto& d : file->decisions) declare_decision(d, pack);
  for (const auto& [file, pack] : files)
    for (const auto& s : file->settings) declare_setting(s, pack);
  // Decisions are checked after the decisions they name, so that a decision
  // without a `type` line is known to those that read it, whatever the order.
  for (int i : checking_order()) check_decision(*decision_decls_[static_cast<std::size_t>(i)], i);
  order_decisions();
  // Workflows are named before tasks, which name them in `using workflow`;
  // a workflow's conditions are checked with each task that uses it.
  for (const auto& [file, pack] : files)
    for (const auto& w : file->workflows) declare_workflow(w, pack);
  sort_workflows();
  for (const auto& [file, pack] : files) {
    for (const auto& t : file->tasks) check_task(t, pack);
    for (const auto& a : file->alerts) check_alert(a, pack);
  }
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::stable_sort(program_.tasks.begin(), program_.tasks.end(), by_name);
  std::stable_sort(program_.alerts.begin(), program_.alerts.end(), by_name);
  check_unused_workflows();
  // Checkpoints name tasks and alerts by their final (sorted) places.
  for (const auto& [file, pack] : files)
    for (const auto& c : file->checkpoints) check_checkpoint(c, pack);
  std::stable_sort(program_.checkpoints.begin(), program_.checkpoints.end(), by_name);
  for (const auto& [file, pack] : files)
    for (const auto& t : file->tests) check_test(t, pack);
}

}  // namespace carerules
