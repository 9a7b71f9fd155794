// What the runs did with the case: `tasks` (each task and its history),
// `alerts` and `checkpoints`, as stored.
#include <fmt/format.h>

#include "engine/store/audit_verify.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/json_words.hpp"

namespace carerules::auditor {

namespace {

// "run 2" or the worker who did it.
std::string by_whom(const Statement& s, int run_column, int by_column) {
  if (!s.is_null(run_column)) return fmt::format("run {}", s.integer(run_column));
  return std::string(s.text(by_column));
}

std::string later_note(const Session& session, std::int64_t run_id) {
  return run_id > session.run().id ? fmt::format(" (after run {})", session.run().id) : "";
}

}  // namespace

void show_tasks(Session& session) {
  const std::string& case_id = session.case_id();
  std::FILE* out = session.out();
  Statement tasks(session.db(),
                  "SELECT id, name, title, subject, cycle, state, due, team, worker, opened_on, opened_run, closed_on, "
                  "closed_run, close_reason, escalated_to, acknowledged_on, cites FROM tasks WHERE case_id = ?1 ORDER BY id");
  tasks.bind(1, case_id);
  Statement history(session.db(),
                    "SELECT on_date, run_id, \"by\", action, from_state, to_state, detail FROM task_history "
                    "WHERE task_id = ?1 ORDER BY id");
  std::size_t count = 0;
  std::string text;
  while (tasks.step()) {
    ++count;
    const std::int64_t id = tasks.integer(0);
    text += fmt::format("  task {}: {} — {}\n", id, tasks.text(1), tasks.text(2));
    std::string state = fmt::format("{}", tasks.text(5));
    if (!tasks.is_null(11))
      state = fmt::format("closed on {} by run {}{} ({}), in state {}", tasks.text(11), tasks.integer(12),
                          later_note(session, tasks.integer(12)), tasks.text(13), tasks.text(5));
    text += fmt::format("    {}; due {}; team {}; worker {}; opened {} by run {}{}{}\n", state,
                        tasks.is_null(6) ? "unknown" : tasks.text(6), tasks.text(7),
                        tasks.is_null(8) ? "-" : tasks.text(8), tasks.text(9), tasks.integer(10),
                        later_note(session, tasks.integer(10)),
                        tasks.text(3).empty() ? "" : fmt::format("; about event {}", tasks.text(3)));
    if (!tasks.is_null(14)) text += fmt::format("    escalated to {}\n", tasks.text(14));
    if (!tasks.is_null(15)) text += fmt::format("    acknowledged on {}\n", tasks.text(15));
    text += fmt::format("    {}\n", tasks.text(16));
    history.bind(1, id);
    while (history.step()) {
      const std::string from(history.is_null(4) ? "" : history.text(4)), to(history.is_null(5) ? "" : history.text(5));
      const std::string detail(history.text(6));
      std::string move;
      if (from.empty() && !to.empty()) move = fmt::format(" in state {}", to);
      else if (!from.empty() && from != to && detail.find(fmt::format("from {} to {}", from, to)) == std::string::npos)
        move = fmt::format(" from {} to {}", from, to);
      text += fmt::format("      {}  {:<10} {}{}{}\n", history.text(0), by_whom(history, 1, 2), history.text(3), move,
                          detail.empty() ? "" : fmt::format(": {}", detail));
    }
    history.reset();
  }
  if (count == 0) fmt::print(out, "Case {} has no task, from any run.\n", case_id);
  else
    fmt::print(out, "Case {}: {} (as stored now, by every run; the history of each follows it)\n", case_id,
               count_text(static_cast<std::int64_t>(count), "task", "tasks"));
  std::fwrite(text.data(), 1, text.size(), out);
}

void show_alerts(Session& session) {
  const std::string& case_id = session.case_id();
  Statement s(session.db(),
              "SELECT id, name, subject, source, severity, recipient, message, raised_on, raised_run, cleared_on, "
              "cleared_run, cites, task_id FROM alerts WHERE case_id = ?1 ORDER BY id");
  s.bind(1, case_id);
  std::size_t count = 0;
  std::string text;
  while (s.step()) {
    ++count;
    std::string about;
    if (!s.is_null(12)) about = fmt::format(", about task {}", s.integer(12));
    else if (!s.text(2).empty()) about = fmt::format(", about event {}", s.text(2));
    text += fmt::format("  alert {}: {} ({}, to {}), from a {}{}\n", s.integer(0), s.text(1), s.text(4), s.text(5),
                        s.text(3), about);
    text += fmt::format("    raised on {} by run {}{}", s.text(7), s.integer(8), later_note(session, s.integer(8)));
    if (!s.is_null(9))
      text += fmt::format("; cleared on {} by run {}{}", s.text(9), s.integer(10), later_note(session, s.integer(10)));
    text += fmt::format("\n    {}\n    {}\n", s.text(6), s.text(11));
  }
  if (count == 0) fmt::print(session.out(), "Case {} has no alert, from any run.\n", case_id);
  else
    fmt::print(session.out(), "Case {}: {} (as stored now, by every run)\n", case_id,
               count_text(static_cast<std::int64_t>(count), "alert", "alerts"));
  std::fwrite(text.data(), 1, text.size(), session.out());
}

void show_checkpoints(Session& session) {
  const std::string& case_id = session.case_id();
  Statement s(session.db(),
              "SELECT checkpoint, event_id, on_date, passed, missing, run_id FROM checkpoints WHERE case_id = ?1 ORDER BY id");
  s.bind(1, case_id);
  std::size_t count = 0;
  std::string text;
  while (s.step()) {
    ++count;
    text += fmt::format("  {} at event {} of {}, judged by run {}{}: {}\n", s.text(0), s.text(1), s.text(2), s.integer(5),
                        later_note(session, s.integer(5)), s.integer(3) ? "met" : "NOT met");
    if (!s.integer(3)) text += fmt::format("    missing: {}\n", json_words(s.text(4)));
  }
  if (count == 0) fmt::print(session.out(), "Case {} has passed no checkpoint, in any run.\n", case_id);
  else
    fmt::print(session.out(), "Case {}: {} judged\n", case_id,
               count_text(static_cast<std::int64_t>(count), "checkpoint passage", "checkpoint passages"));
  std::fwrite(text.data(), 1, text.size(), session.out());
}

}  // namespace carerules::auditor
