// `carerules tasks`: the practitioners' prompts as the latest run left them,
// read from the database without changing it.
#include <filesystem>
#include <fmt/format.h>

#include "engine/describe.hpp"
#include "engine/store/audit_verify.hpp"
#include "engine/store/runs.hpp"
#include "repl/command_dates.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

namespace {

struct TaskLine {
  std::int64_t id = 0;
  std::string case_id, name, title, subject, workflow, state, state_since, opened_on, team, cites, detail;
  std::optional<std::string> due, worker, escalated_to, acknowledged_on, closed_on, close_reason;
  bool overdue = false;
};

std::string json_optional(const std::optional<std::string>& text) { return text ? json_string(*text) : "null"; }

std::string jsonl(const TaskLine& t) {
  return fmt::format(
      "{{\"id\":{},\"case\":{},\"name\":{},\"title\":{},\"state\":{},\"due\":{},\"overdue\":{},\"team\":{},"
      "\"worker\":{},\"escalated_to\":{},\"acknowledged_on\":{},\"opened_on\":{},\"state_since\":{},\"about\":{},"
      "\"workflow\":{},\"closed_on\":{},\"close_reason\":{},\"detail\":{},\"cites\":{}}}\n",
      t.id, json_string(t.case_id), json_string(t.name), json_string(t.title), json_string(t.state),
      json_optional(t.due), t.overdue ? "true" : "false", json_string(t.team), json_optional(t.worker),
      json_optional(t.escalated_to), json_optional(t.acknowledged_on), json_string(t.opened_on),
      json_string(t.state_since), t.subject.empty() ? "null" : json_string(t.subject), json_string(t.workflow),
      json_optional(t.closed_on), json_optional(t.close_reason), t.detail.empty() ? "null" : json_string(t.detail),
      json_string(t.cites));
}

std::string shorten(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 1) + "~";
}

// The task's history, a line a change: "2026-12-07  moved by carerules: ...".
std::string history_of(Database& db, std::int64_t task_id) {
  Statement s(db, "SELECT on_date, action, \"by\", detail FROM task_history WHERE task_id = ?1 ORDER BY id");
  s.bind(1, task_id);
  std::string out;
  while (s.step())
    out += fmt::format("{:>8}{}  {} by {}{}{}\n", "", s.text(0), s.text(1), s.text(2), s.text(3).empty() ? "" : ": ",
                       s.text(3));
  return out;
}

}  // namespace

int run_tasks(const TasksRequest& request, const Output&) {
  std::error_code ec;
  if (!std::filesystem::exists(request.db, ec)) {
    fmt::print(stderr, "error: there is no database `{}`\n", request.db);
    return 1;
  }
  try {
    Database db(request.db, Database::Mode::read_only);
    Transaction snapshot(db, Transaction::Kind::read);  // one consistent view while a run may be writing
    auto latest = latest_run_id(db);
    std::optional<Date> as_of;
    if (request.as_of) {
      as_of = date_option(request.as_of, "--as-of");
      if (!as_of) return 2;
    } else if (latest) {
      as_of = parse_date(read_run(db, *latest)->as_of);
    }
    if (!latest) {
      fmt::print(stderr, "there are no tasks yet: no run has been recorded in `{}` (carerules run --db {} --rules DIR)\n",
                 request.db, request.db);
      return 0;
    }
    // Filters are bound values; the query text is fixed.
    Statement s(db,
                "SELECT id, case_id, name, title, subject, workflow, state, state_since, opened_on, team, cites, "
                "coalesce(detail, ''), due, worker, escalated_to, acknowledged_on, closed_on, close_reason FROM tasks "
                "WHERE (?1 OR closed_on IS NULL) AND (?2 IS NULL OR team = ?2) AND (?3 IS NULL OR worker = ?3) "
                "AND (?4 IS NULL OR case_id = ?4) AND (NOT ?5 OR (closed_on IS NULL AND due IS NOT NULL AND due < ?6)) "
                "ORDER BY due IS NULL, due, case_id, name, id");
    s.bind(1, request.closed ? 1 : 0).bind(2, request.team).bind(3, request.worker).bind(4, request.case_id);
    s.bind(5, request.overdue ? 1 : 0).bind(6, format_date(*as_of));
    std::vector<TaskLine> lines;
    while (s.step()) {
      TaskLine t;
      t.id = s.integer(0);
      t.case_id = s.text(1);
      t.name = s.text(2);
      t.title = s.text(3);
      t.subject = s.text(4);
      t.workflow = s.text(5);
      t.state = s.text(6);
      t.state_since = s.text(7);
      t.opened_on = s.text(8);
      t.team = s.text(9);
      t.cites = s.text(10);
      t.detail = s.text(11);
      t.due = s.optional_text(12);
      t.worker = s.optional_text(13);
      t.escalated_to = s.optional_text(14);
      t.acknowledged_on = s.optional_text(15);
      t.closed_on = s.optional_text(16);
      t.close_reason = s.optional_text(17);
      t.overdue = !t.closed_on && t.due && *t.due < format_date(*as_of);
      lines.push_back(std::move(t));
    }
    std::string output;
    if (request.format == "jsonl") {
      for (const TaskLine& t : lines) output += jsonl(t);
    } else {
      std::string filters;
      if (request.team) filters += fmt::format(", team {}", *request.team);
      if (request.worker) filters += fmt::format(", worker {}", *request.worker);
      if (request.case_id) filters += fmt::format(", case {}", *request.case_id);
      if (request.overdue) filters += ", overdue only";
      output += fmt::format("{} as of {} (run {}{}): {}\n", request.closed ? "Tasks, open and closed," : "Open tasks",
                            format_date(*as_of), *latest, filters,
                            with_thousands(static_cast<std::int64_t>(lines.size())));
      if (!lines.empty())
        output += fmt::format("{:>6}  {:<10} {:<28} {:<10} {:<10} {:<14} {:<8} {}\n", "task", "case", "what", "state",
                              "due", "team", "worker", "notes");
      for (const TaskLine& t : lines) {
        std::string notes;
        auto note = [&notes](const std::string& n) { notes += (notes.empty() ? "" : ", ") + n; };
        if (t.overdue) note("overdue");
        if (t.escalated_to) note("escalated to " + *t.escalated_to);
        if (t.acknowledged_on) note("acknowledged");
        if (t.closed_on) note(fmt::format("closed {}: {}", *t.closed_on, t.close_reason.value_or("")));
        output += fmt::format("{:>6}  {:<10} {:<28} {:<10} {:<10} {:<14} {:<8} {}\n", t.id, t.case_id,
                              shorten(t.name, 28), t.state, t.due.value_or("-"), t.team, t.worker.value_or("-"), notes);
        if (request.history) output += history_of(db, t.id);
      }
    }
    std::fwrite(output.data(), 1, output.size(), stdout);
  } catch (const StoreError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace carerules::cli
