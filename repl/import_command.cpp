// `carerules import`: validates event files and appends them to the database,
// one transaction per file, in the order given; stops at the first bad file.
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "dsl/load_program.hpp"
#include "engine/read_file.hpp"
#include "engine/store/audit_verify.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/rule_sources.hpp"
#include "engine/store/runs.hpp"
#include "repl/commands.hpp"
#include "repl/progress_bar.hpp"

namespace carerules::cli {

namespace {

std::string file_list(const std::vector<std::string>& files, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += fmt::format("{}{}", i == from ? "" : ", ", files[i]);
  return out;
}

// What happened to the other files when file `failed` was refused.
void say_what_was_imported(const std::vector<std::string>& files, std::size_t failed) {
  std::string before, after;
  if (failed > 0)
    before = fmt::format("{} {} imported before it", file_list(files, 0, failed), failed == 1 ? "was" : "were");
  if (failed + 1 < files.size())
    after = fmt::format("{} {} not read", file_list(files, failed + 1, files.size()),
                        failed + 2 == files.size() ? "was" : "were");
  if (!before.empty() || !after.empty())
    fmt::print(stderr, "{}{}{}\n", before, !before.empty() && !after.empty() ? "; " : "", after);
}

// The rules whose event types the files are checked against: --rules; else
// the rules of the latest run recorded in the database; else rules/national
// under the current folder.
std::unique_ptr<Program> rules_for_import(const ImportRequest& request, Database* db, const Output& out, int& exit_code) {
  Diagnostics diagnostics;
  std::unique_ptr<Program> program;
  exit_code = 1;
  if (request.rules) {
    program = load_program({*request.rules}, LoadOptions{}, diagnostics);
  } else if (auto run = db ? latest_run_id(*db) : std::nullopt) {
    program = load_run_program(*db, *run, diagnostics);
    if (!program) fmt::print(stderr, "error: the rules of run {} in the database do not load; pass --rules\n", *run);
  } else if (std::error_code ec; std::filesystem::is_directory("rules/national", ec)) {
    program = load_program({"rules/national"}, LoadOptions{}, diagnostics);
  } else {
    fmt::print(stderr,
               "error: which rules should the events be checked against? Pass --rules (for example --rules "
               "rules/national); the database has no run yet whose rules could be used, and there is no "
               "rules/national folder here\n");
    exit_code = 2;
    return nullptr;
  }
  std::fputs(diagnostics.render(out.colour).c_str(), stderr);
  return program;
}


}  // namespace

int run_import(const ImportRequest& request, const Output& out) {
  std::size_t current = 0;
  bool importing = false;  // a StoreError from here on concerns files[current]
  try {
    std::unique_ptr<Database> db;
    std::error_code ec;
    // Without --rules the database may hold the rules to use; with them, or
    // when there is no database yet, the rules are loaded before it is made.
    if (!request.rules && std::filesystem::exists(request.db, ec))
      db = std::make_unique<Database>(request.db, Database::Mode::read_write);
    int exit_code = 1;
    auto program = rules_for_import(request, db.get(), out, exit_code);
    if (!program) return exit_code;
    if (!db) db = std::make_unique<Database>(request.db, Database::Mode::read_write);
    importing = true;
    for (; current < request.files.size(); ++current) {
      const std::string& file = request.files[current];
      auto text = MappedFile::open(file);
      if (!text) {
        fmt::print(stderr, "{}: error: cannot read this file\n", file);
        say_what_was_imported(request.files, current);
        return 1;
      }
      ProgressBar bar(file);
      ImportOptions options;
      options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
      ImportResult result = import_events(*db, *program, file, text->text(), options);
      bar.clear();
      if (!result.ok()) {
        for (const EventError& e : result.errors) fmt::print(stderr, "{}\n", e.to_string());
        for (const std::string& p : result.stored_problems) fmt::print(stderr, "{}: error: {}\n", request.db, p);
        if (!result.errors.empty())
          fmt::print(stderr, "{}: {} bad line{}: nothing from this file was imported\n", file, with_thousands(static_cast<std::int64_t>(result.errors.size())),
                     result.errors.size() == 1 ? "" : "s");
        else
          fmt::print(stderr,
                     "{}: nothing from this file was imported: events already in the database do not fit these rules "
                     "(pass the --rules they were written for)\n",
                     file);
        say_what_was_imported(request.files, current);
        return 1;
      }
      fmt::print("{}: {} event{} added, {} already imported\n", file, with_thousands(static_cast<std::int64_t>(result.added)),
                 result.added == 1 ? "" : "s", with_thousands(static_cast<std::int64_t>(result.already_present)));
      std::fflush(stdout);
    }
  } catch (const StoreError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    if (importing && current < request.files.size()) {
      fmt::print(stderr, "{}: nothing from this file was imported\n", request.files[current]);
      say_what_was_imported(request.files, current);
    }
    return 1;
  }
  return 0;
}

}  // namespace carerules::cli
