// Benchmark of the store: `import` (events/second) and `run` over a generated
// caseload, each against a plain hand-written loop over the same workload.
//   - import floor: the same lines into the same `events` table with raw
//     SQLite (one prepared INSERT, one transaction), the case and id found by
//     a byte scan, each line hashed: no schema validation, no duplicate or
//     amendment checks, no audit entry.
//   - run floor: the rows the engine's run wrote (decisions and traces per
//     case, tasks, their history, alerts, checkpoint judgements), copied from
//     it, written again with raw SQLite in one transaction, each with a
//     hash-chained audit row, after reading every stored event line back
//     (and, for the second run, the first run's recorded cases, which a run
//     compares with to store an unchanged case as a pointer).
//     That is what recording a run costs at the least; the difference is
//     deciding, the workflows, and the checks.
// Wall-clock timing is fine here: a measuring tool, not evaluation.
//
//   carerules-store-bench --cases /tmp/c100k.jsonl [--rules rules/national] [--as-of 2026-11-24] [--dir /tmp]
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "dsl/load_program.hpp"
#include "engine/calendar/sha256.hpp"
#include "engine/read_file.hpp"
#include "engine/store/database.hpp"
#include "engine/store/event_store.hpp"
#include "workflows/run_rules.hpp"

using namespace carerules;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void sql(sqlite3* db, const char* text) {
  char* error = nullptr;
  if (sqlite3_exec(db, text, nullptr, nullptr, &error) != SQLITE_OK) {
    fmt::print(stderr, "sqlite: {}\n", error ? error : "?");
    std::exit(1);
  }
}

sqlite3* open_raw(const std::string& path) {
  sqlite3* db = nullptr;
  std::filesystem::remove(path);
  sqlite3_open(path.c_str(), &db);
  sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  return db;
}

std::string_view member(std::string_view line, std::string_view key) {
  auto at = line.find(key);
  if (at == std::string_view::npos) return {};
  at += key.size();
  auto end = line.find('"', at);
  return line.substr(at, end - at);
}

// The hand-written import: lines into the events table, nothing checked.
double import_floor(const std::string& path, std::string_view jsonl) {
  auto start = Clock::now();
  sqlite3* db = open_raw(path);
  sql(db, "CREATE TABLE events (seq INTEGER PRIMARY KEY, case_id TEXT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, "
          "date TEXT NOT NULL, line TEXT NOT NULL, line_sha256 TEXT NOT NULL, UNIQUE (case_id, event_id))");
  sql(db, "BEGIN");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO events (case_id, event_id, type, date, line, line_sha256) VALUES (?,?,?,?,?,?)", -1,
                     &insert, nullptr);
  std::size_t pos = 0;
  while (pos < jsonl.size()) {
    std::size_t end = jsonl.find('\n', pos);
    if (end == std::string_view::npos) end = jsonl.size();
    std::string_view line = jsonl.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    std::string_view id = member(line, "\"id\":\""), c = member(line, "\"case\":\""), type = member(line, "\"type\":\""),
                     date = member(line, "\"date\":\"");
    const std::string hash = sha256_hex(line);
    sqlite3_bind_text(insert, 1, c.data(), static_cast<int>(c.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, type.data(), static_cast<int>(type.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 4, date.data(), static_cast<int>(date.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 5, line.data(), static_cast<int>(line.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 6, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sql(db, "COMMIT");
  sqlite3_close(db);
  return seconds_since(start);
}

struct Table {
  std::string name;
  int columns = 0;
  std::vector<std::vector<std::string>> rows;  // every column as text
};

// Every row a run wrote, read back from the engine's store.
Table rows_of(sqlite3* db, const std::string& name, const std::string& where) {
  Table t{name, 0, {}};
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, fmt::format("SELECT * FROM {} WHERE {}", name, where).c_str(), -1, &s, nullptr);
  t.columns = sqlite3_column_count(s);
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < t.columns; ++c) {
      auto* text = sqlite3_column_text(s, c);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    t.rows.push_back(std::move(row));
  }
  sqlite3_finalize(s);
  return t;
}

// The hand-written run: read every event line, then write the same rows with
// a hash-chained audit row each.
// With `previous_run`: also read that run's recorded cases back, as a run
// does to find the cases that have not changed.
double run_floor(const std::string& events_db, const std::string& path, const std::vector<Table>& tables,
                 int previous_run = 0) {
  auto start = Clock::now();
  sqlite3* source = nullptr;
  sqlite3_open_v2(events_db.c_str(), &source, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* read = nullptr;
  sqlite3_prepare_v2(source, "SELECT case_id, line FROM events ORDER BY seq", -1, &read, nullptr);
  std::size_t bytes = 0;
  while (sqlite3_step(read) == SQLITE_ROW) bytes += static_cast<std::size_t>(sqlite3_column_bytes(read, 1));
  sqlite3_finalize(read);
  if (previous_run) {
    sqlite3_prepare_v2(source, "SELECT decisions, traces FROM run_cases WHERE run_id = ?", -1, &read, nullptr);
    sqlite3_bind_int(read, 1, previous_run);
    while (sqlite3_step(read) == SQLITE_ROW)
      bytes += static_cast<std::size_t>(sqlite3_column_bytes(read, 0) + sqlite3_column_bytes(read, 1));
    sqlite3_finalize(read);
  }
  sqlite3_close(source);
  sqlite3* db = open_raw(path);
  sql(db, "CREATE TABLE audit (seq INTEGER PRIMARY KEY, kind TEXT, subject TEXT, body TEXT, prev TEXT, hash TEXT)");
  for (const Table& t : tables) {
    std::string columns;
    for (int c = 0; c < t.columns; ++c) columns += fmt::format("{}c{} TEXT", c ? ", " : "", c);
    sql(db, fmt::format("CREATE TABLE {} ({})", t.name, columns).c_str());
  }
  sql(db, "BEGIN");
  sqlite3_stmt* audit = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO audit (kind, subject, body, prev, hash) VALUES (?,?,?,?,?)", -1, &audit, nullptr);
  std::string prev(64, '0');
  for (const Table& t : tables) {
    std::string marks;
    for (int c = 0; c < t.columns; ++c) marks += c ? ",?" : "?";
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, fmt::format("INSERT INTO {} VALUES ({})", t.name, marks).c_str(), -1, &insert, nullptr);
    for (const auto& row : t.rows) {
      std::string body;
      for (int c = 0; c < t.columns; ++c) {
        sqlite3_bind_text(insert, c + 1, row[c].data(), static_cast<int>(row[c].size()), SQLITE_STATIC);
        body += row[c];
      }
      sqlite3_step(insert);
      sqlite3_reset(insert);
      const std::string hash = sha256_hex(prev + "\n" + t.name + "\n" + body);
      sqlite3_bind_text(audit, 1, t.name.data(), static_cast<int>(t.name.size()), SQLITE_STATIC);
      sqlite3_bind_text(audit, 2, row[0].data(), static_cast<int>(row[0].size()), SQLITE_STATIC);
      sqlite3_bind_text(audit, 3, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
      sqlite3_bind_text(audit, 4, prev.data(), static_cast<int>(prev.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(audit, 5, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
      sqlite3_step(audit);
      sqlite3_reset(audit);
      prev = hash;
    }
    sqlite3_finalize(insert);
  }
  sqlite3_finalize(audit);
  sql(db, "COMMIT");
  sqlite3_close(db);
  if (bytes == 0) fmt::print(stderr, "warning: no events read\n");
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules = "rules/national", cases, as_of_text = "2026-11-24", dir = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rules")) rules = argv[i + 1];
    else if (!std::strcmp(argv[i], "--cases")) cases = argv[i + 1];
    else if (!std::strcmp(argv[i], "--as-of")) as_of_text = argv[i + 1];
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  if (cases.empty()) {
    fmt::print(stderr, "usage: carerules-store-bench --cases FILE.jsonl [--rules DIR] [--as-of DATE] [--dir FOLDER]\n");
    return 2;
  }
  const Date as_of = *parse_date(as_of_text);
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = as_of;
  auto program = load_program({rules}, options, diagnostics);
  if (!program) {
    fmt::print(stderr, "{}", diagnostics.render(false));
    return 1;
  }
  auto text = MappedFile::open(cases);
  if (!text) return 1;
  const std::string engine_db = dir + "/store-bench-engine.db", floor_db = dir + "/store-bench-floor.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(engine_db + suffix);

  auto t0 = Clock::now();
  std::size_t events = 0;
  {
    Database db(engine_db, Database::Mode::read_write);
    ImportResult result = import_events(db, *program, cases, text->text());
    if (!result.ok()) return 1;
    events = result.added;
  }
  const double engine_import = seconds_since(t0);
  const double floor_import = import_floor(floor_db, text->text());

  t0 = Clock::now();
  workflows::RunSummary summary;
  {
    Database db(engine_db, Database::Mode::read_write);
    workflows::RunOptions run;
    run.rules = rules;
    run.as_of = as_of;
    summary = workflows::run_rules(db, *program, run);
  }
  const double engine_run = seconds_since(t0);
  t0 = Clock::now();
  {
    Database db(engine_db, Database::Mode::read_write);
    workflows::RunOptions run;
    run.rules = rules;
    run.as_of = as_of;
    workflows::run_rules(db, *program, run);
  }
  const double engine_rerun = seconds_since(t0);

  sqlite3* engine = nullptr;
  sqlite3_open_v2(engine_db.c_str(), &engine, SQLITE_OPEN_READONLY, nullptr);
  std::vector<Table> first_run{rows_of(engine, "run_cases", "run_id = 1"), rows_of(engine, "tasks", "opened_run = 1"),
                               rows_of(engine, "task_history", "run_id = 1"), rows_of(engine, "alerts", "raised_run = 1"),
                               rows_of(engine, "checkpoints", "run_id = 1")};
  std::vector<Table> second_run{rows_of(engine, "run_cases", "run_id = 2")};
  sqlite3_close(engine);
  const double floor_run = run_floor(engine_db, floor_db, first_run);
  const double floor_rerun = run_floor(engine_db, floor_db, second_run, 1);

  fmt::print("{} cases, {} events ({:.0f} MB), rules {}, as of {}\n", summary.cases, events,
             static_cast<double>(text->text().size()) / 1e6, rules, as_of_text);
  fmt::print("import   engine {:6.2f} s ({:.0f} events/s)   floor {:6.2f} s   engine/floor {:.1f}x\n", engine_import,
             static_cast<double>(events) / engine_import, floor_import, engine_import / floor_import);
  fmt::print("run      engine {:6.2f} s ({:.0f} cases/s)    floor {:6.2f} s   engine/floor {:.1f}x   ({} tasks opened, {} alerts raised)\n",
             engine_run, static_cast<double>(summary.cases) / engine_run, floor_run, engine_run / floor_run,
             summary.counts.opened, summary.counts.alerts_raised);
  fmt::print("run again (nothing new) engine {:6.2f} s   floor {:6.2f} s   engine/floor {:.1f}x\n", engine_rerun,
             floor_rerun, engine_rerun / floor_rerun);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(engine_db + suffix);
    std::filesystem::remove(floor_db + suffix);
  }
  return 0;
}
