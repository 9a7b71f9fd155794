// `carerules repl --db DB`: the auditors' session. Reads commands (libedit on
// a terminal, plain lines from a pipe), runs each inside a read transaction
// on the database opened read-only, and keeps going after any mistake.
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

#include "engine/evaluate.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/completion.hpp"
#include "repl/auditor/line_reader.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

namespace {

using namespace carerules::auditor;

// `text` starts with "error"; on a terminal that word is red.
void print_error(std::string text, bool colour) {
  std::fflush(stdout);  // the answer so far first, then the error, in order
  if (colour) text.replace(0, 5, "\x1b[1;31merror\x1b[0m");
  fmt::print(stderr, "{}\n", text);
}

CompletionSources completion_sources(Session& session) {
  // Completion must never fail the session: what cannot be listed is left out.
  auto guarded = [](auto list) {
    return [list]() -> std::vector<std::string> {
      try {
        return list();
      } catch (const std::exception&) {
        return {};
      }
    };
  };
  CompletionSources sources;
  sources.case_ids = guarded([&session] { return session.run_case_ids(); });
  sources.decision_names = guarded([&session] { return session.decision_names(); });
  sources.field_paths = guarded([&session] { return field_paths(session.replay().program()); });
  sources.event_ids = guarded([&session] {
    std::vector<std::string> ids;
    const CaseEvents& c = session.folded_case();
    for (const Event* e : c.events) ids.emplace_back(session.replay().cases().strings.text(e->id));
    return ids;
  });
  return sources;
}

std::string prompt(const Session& session) {
  std::string where = session.has_run() ? fmt::format("run {}", session.run().id) : "no run";
  if (session.has_case()) where += ", " + session.case_id();
  return fmt::format("carerules [{}]> ", where);
}

}  // namespace

int run_repl(const ReplRequest& request, const Output&) {
  std::error_code ec;
  if (!std::filesystem::exists(request.db, ec)) {
    fmt::print(stderr, "error: there is no database `{}`; `carerules import` creates one\n", request.db);
    return 1;
  }
  const bool terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  const bool colour = terminal && std::getenv("NO_COLOR") == nullptr;
  try {
    Database db(request.db, Database::Mode::read_only);
    std::optional<Session> session;
    {
      Transaction snapshot(db, Transaction::Kind::read);
      session.emplace(db, stdout, colour);
    }
    LineReader reader(terminal, completion_sources(*session));
    if (terminal) {
      fmt::print("carerules auditors' REPL on `{}`, read-only: nothing typed here can change it.\n", request.db);
      if (session->has_run()) fmt::print("Run {} (the latest) is selected. ", session->run().id);
      fmt::print("Type `help` for the commands, `quit` to leave.\n");
    }
    bool quit = false;
    while (auto line = reader.read(prompt(*session))) {
      ParsedLine parsed = parse_command(*line);
      if (parsed.error) {
        print_error(render_parse_error(*line, *parsed.error), colour);
        session->fail();
        continue;
      }
      if (!parsed.command) continue;
      if (std::holds_alternative<command::Quit>(*parsed.command)) {
        quit = true;
        break;
      }
      try {
        Transaction snapshot(db, Transaction::Kind::read);  // one consistent view per command
        execute(*session, *parsed.command);
      } catch (const CommandError& e) {
        print_error(fmt::format("error: {}", e.what()), colour);
        session->fail();
      } catch (const EvaluationError& e) {
        print_error(fmt::format("error: {}", e.what()), colour);
        session->fail();
      } catch (const StoreError& e) {
        print_error(fmt::format("error: {}", e.what()), colour);
        session->fail();
      } catch (const std::exception& e) {
        // A fault of this program, not of the command: said as it is, and the session goes on.
        print_error(fmt::format("error: internal error: {}", e.what()), colour);
        session->fail();
      }
      std::fflush(stdout);
    }
    if (terminal) {
      if (!quit) fmt::print("\n");  // Ctrl-D leaves the cursor after the prompt
      return 0;
    }
    return session->failed() ? 1 : 0;
  } catch (const StoreError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}

}  // namespace carerules::cli
