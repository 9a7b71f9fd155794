#include <fmt/format.h>
#include <functional>
#include <sqlite3.h>
#include <sys/stat.h>

#include "engine/store/database.hpp"
#include "engine/store/migrations.hpp"
#include "store_support.hpp"

using namespace carerules;
using carerules::test::ScratchFolder;

namespace {

std::int64_t pragma(Database& db, const char* sql) {
  Statement s(db, sql);
  REQUIRE(s.step());
  return s.integer(0);
}

std::string pragma_text(Database& db, const char* sql) {
  Statement s(db, sql);
  REQUIRE(s.step());
  return std::string(s.text(0));
}

// A plain SQLite file, made without carerules.
void raw_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a new database is created with mode 0600, in WAL mode, at the current schema") {
  ScratchFolder dir;
  const std::string path = dir.file("cases.db");
  ::umask(022);
  Database db(path, Database::Mode::read_write);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(pragma_text(db, "PRAGMA journal_mode") == "wal");
  CHECK(pragma(db, "PRAGMA foreign_keys") == 1);
  CHECK(pragma(db, "PRAGMA synchronous") == 2);  // FULL
  CHECK(pragma(db, "PRAGMA busy_timeout") == 10000);
  CHECK(db.schema_version() == current_schema_version());
  for (const char* table : {"events", "imports", "sources", "runs", "run_sources", "run_cases", "tasks", "task_history",
                            "alerts", "checkpoints", "audit"}) {
    Statement s(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    s.bind(1, table);
    REQUIRE(s.step());
    CHECK(s.integer(0) == 1);
  }
}

TEST_CASE("migrations bring a database at version 0 to the current version, once") {
  ScratchFolder dir;
  const std::string path = dir.file("old.db");
  raw_sql(path, "PRAGMA user_version = 0");  // an empty SQLite file
  {
    Database db(path, Database::Mode::read_write);
    CHECK(db.schema_version() == current_schema_version());
  }
  const std::string after_first = test::file_sha256(path);
  Database again(path, Database::Mode::read_write);  // nothing left to migrate: nothing written
  CHECK(again.schema_version() == current_schema_version());
  CHECK(test::file_sha256(path) == after_first);
}

TEST_CASE("a database from a newer carerules is refused, and nothing is written to it") {
  ScratchFolder dir;
  const std::string path = dir.file("new.db");
  { Database db(path, Database::Mode::read_write); }
  raw_sql(path, "PRAGMA user_version = 999");
  const std::string before = test::file_sha256(path);
  for (auto mode : {Database::Mode::read_write, Database::Mode::read_only}) {
    std::string message = error_of([&] { Database db(path, mode); });
    CHECK(message.find("written by a newer version of carerules (schema version 999") != std::string::npos);
    CHECK(message.find(path) != std::string::npos);
  }
  CHECK(test::file_sha256(path) == before);
}

TEST_CASE("another program's SQLite file is not taken for a carerules database") {
  ScratchFolder dir;
  const std::string path = dir.file("other.db");
  raw_sql(path, "CREATE TABLE people (name TEXT)");
  CHECK(error_of([&] { Database db(path, Database::Mode::read_write); }).find("not a carerules one") != std::string::npos);
  test::write_file(dir.file("text.db"), "this is not a database at all, just some words that fill more than a header");
  CHECK(error_of([&] { Database db(dir.file("text.db"), Database::Mode::read_write); }).find("is not a carerules database") !=
        std::string::npos);
}

TEST_CASE("read-only: refuses a missing file, refuses writes, never changes the file") {
  ScratchFolder dir;
  const std::string path = dir.file("cases.db");
  CHECK(error_of([&] { Database db(path, Database::Mode::read_only); }).find("there is no database at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
  {
    Database db(path, Database::Mode::read_write);
    db.execute("INSERT INTO sources (hash, path, text) VALUES ('h', 'p', 't')");
  }
  const std::string before = test::file_sha256(path);
  {
    Database db(path, Database::Mode::read_only);
    CHECK(pragma(db, "SELECT count(*) FROM sources") == 1);
    CHECK(pragma(db, "PRAGMA query_only") == 1);
    std::string message = error_of([&] { db.execute("INSERT INTO sources (hash, path, text) VALUES ('g', 'p', 't')"); });
    CHECK(message.find(path) != std::string::npos);
  }
  CHECK(test::file_sha256(path) == before);
}

TEST_CASE("a transaction rolls back unless committed") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  {
    Transaction t(db);
    db.execute("INSERT INTO sources (hash, path, text) VALUES ('a', 'p', 't')");
    CHECK(db.in_transaction());
  }
  CHECK_FALSE(db.in_transaction());
  CHECK(pragma(db, "SELECT count(*) FROM sources") == 0);
  {
    Transaction t(db);
    db.execute("INSERT INTO sources (hash, path, text) VALUES ('b', 'p', 't')");
    t.commit();
  }
  CHECK(pragma(db, "SELECT count(*) FROM sources") == 1);
}

TEST_CASE("statements bind values, never SQL: a quote in a value is just a character") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  const std::string tricky = "x'); DROP TABLE events; --";
  Statement add(db, "INSERT INTO sources (hash, path, text) VALUES (?1, ?2, ?3)");
  add.bind(1, tricky).bind(2, "p").bind(3, std::optional<std::string>{});
  CHECK_THROWS_AS(add.run(), StoreError);  // text is NOT NULL: refused, and named
  add.reset();
  add.bind(1, tricky).bind(2, "p").bind(3, "t");
  add.run();
  Statement read(db, "SELECT hash FROM sources");
  REQUIRE(read.step());
  CHECK(read.text(0) == tricky);
  CHECK(pragma(db, "SELECT count(*) FROM events") == 0);
}

TEST_CASE("recorded rows cannot be changed or deleted through SQL") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  db.execute("INSERT INTO sources (hash, path, text) VALUES ('a', 'p', 't')");
  CHECK(error_of([&] { db.execute("UPDATE sources SET text = 'u'"); }).find("never changed") != std::string::npos);
  CHECK(error_of([&] { db.execute("DELETE FROM sources"); }).find("never deleted") != std::string::npos);
}

TEST_CASE("one open task and one raised alert per case, name and subject") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  db.execute(
      "INSERT INTO runs (as_of, rules, packs, settings, last_event_seq, started_at, engine_version) "
      "VALUES ('2026-01-05', 'rules/national', '[]', '{}', 0, '2026-01-05T10:00:00Z', 'test')");
  auto open_task = [](int cycle) {
    return fmt::format(
        "INSERT INTO tasks (case_id, name, subject, cycle, title, team, workflow, state, state_since, opened_on, opened_run) "
        "VALUES ('P-1', 'annual_review', '', {}, 't', 'reviews', 'built-in', 'open', '2026-01-05', '2026-01-05', 1)",
        cycle);
  };
  db.execute(open_task(1).c_str());
  const std::string second = open_task(2);
  CHECK(error_of([&] { db.execute(second.c_str()); }).find("refused a change") != std::string::npos);
  db.execute("UPDATE tasks SET closed_on = '2026-02-01', closed_run = 1, close_reason = 'done' WHERE id = 1");
  db.execute(second.c_str());  // cycle 2 may open once cycle 1 is closed
  CHECK(pragma(db, "SELECT count(*) FROM tasks") == 2);

  const char* raise =
      "INSERT INTO alerts (case_id, name, subject, source, severity, recipient, message, raised_on, raised_run) "
      "VALUES ('P-1', 'review_overdue', '', 'rule', 'high', 'team_manager', 'm', '2026-01-05', 1)";
  db.execute(raise);
  CHECK(error_of([&] { db.execute(raise); }).find("refused a change") != std::string::npos);
  db.execute("UPDATE alerts SET cleared_on = '2026-01-06', cleared_run = 1");
  db.execute(raise);
  CHECK(error_of([&] { db.execute("UPDATE alerts SET source = 'elsewhere' WHERE id = 2"); }).find("refused a change") !=
        std::string::npos);
}
