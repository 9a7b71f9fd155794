// `help` and `help COMMAND`, and the dispatch of a parsed command.
#include <cctype>
#include <fmt/format.h>

#include "dsl/diagnostics.hpp"
#include "repl/auditor/command_list.hpp"
#include "repl/auditor/commands.hpp"

namespace carerules::auditor {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

void show_help(Session& session, const command::Help& help) {
  std::FILE* out = session.out();
  if (help.topic) {
    std::string topic;
    for (char c : help.topic->text) topic += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const CommandInfo* c = find_command(topic);
    if (!c) {
      std::string close = closest_name(topic, command_words());
      throw CommandError(fmt::format("there is no command `{}`{}; `help` lists them", help.topic->text,
                                     close.empty() ? "" : fmt::format(" (did you mean `{}`?)", close)));
    }
    fmt::print(out, "{}\n  {}\n  for example: {}\n", c->syntax, c->summary, c->example);
    if (*c->detail) {
      std::string detail = c->detail;
      std::size_t at = 0;
      while ((at = detail.find('\n', at)) != std::string::npos) detail.replace(at++, 1, "\n  ");
      fmt::print(out, "  {}\n", detail);
    }
    return;
  }
  fmt::print(out,
             "The auditors' REPL reads the database without changing it. Select a run (the latest is selected) and a\n"
             "case, then ask. Each command, and an example:\n");
  constexpr std::size_t kWidth = 38;
  for (const CommandInfo& c : command_list()) {
    if (std::string_view(c.syntax).size() <= kWidth) fmt::print(out, "  {:<{}}  {}\n", c.syntax, kWidth, c.summary);
    else fmt::print(out, "  {}\n  {:<{}}  {}\n", c.syntax, "", kWidth, c.summary);
    fmt::print(out, "  {:<{}}  e.g. {}\n", "", kWidth, c.example);
  }
  fmt::print(out,
             "`help COMMAND` says more about one. A mistake in a command is reported and the session goes on.\n"
             "Commands can be piped in, one a line (lines starting with # are skipped); the session then ends with\n"
             "exit code 1 if any command failed or `replay` found a difference, else 0.\n");
}

void execute(Session& session, const Command& command) {
  std::visit(Overloaded{
                 [&](const command::Help& c) { show_help(session, c); },
                 [&](const command::Quit&) {},
                 [&](const command::Status&) { show_status(session); },
                 [&](const command::Runs&) { list_runs(session); },
                 [&](const command::SelectRun& c) { select_run(session, c); },
                 [&](const command::ShowRun&) { show_run(session); },
                 [&](const command::Packs&) { list_packs(session); },
                 [&](const command::Settings&) { list_settings(session); },
                 [&](const command::Cases& c) { list_cases(session, c); },
                 [&](const command::SelectCase& c) { select_case(session, c); },
                 [&](const command::History&) { show_history(session); },
                 [&](const command::ShowEvent& c) { show_event(session, c); },
                 [&](const command::AsOf& c) { set_as_of(session, c); },
                 [&](const command::KnownAt& c) { set_known_at(session, c); },
                 [&](const command::Decisions&) { list_decisions(session); },
                 [&](const command::Why& c) { explain_why(session, c); },
                 [&](const command::WhyNot& c) { explain_why_not(session, c); },
                 [&](const command::Replay& c) { replay_cases(session, c); },
                 [&](const command::WhatIf& c) { what_if(session, c); },
                 [&](const command::DiffPack& c) { diff_pack(session, c); },
                 [&](const command::Tasks&) { show_tasks(session); },
                 [&](const command::Alerts&) { show_alerts(session); },
                 [&](const command::Checkpoints&) { show_checkpoints(session); },
             },
             command);
}

}  // namespace carerules::auditor
