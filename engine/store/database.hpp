// The SQLite database file that holds a council's events, runs, tasks, alerts
// and audit log: opening (and creating, mode 0600), connection settings,
// schema migrations, prepared statements and transactions.
//
// Every SQLite failure becomes a StoreError whose message is plain English and
// names the database file. Statements are always prepared; values are bound,
// never pasted into SQL.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace carerules {

class Statement;

// A database problem that ends the operation (cannot open, busy, disk full,
// damaged file, schema too new). The message is for the user as it stands.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Database {
 public:
  enum class Mode {
    read_write,  // created (mode 0600) when missing; migrated to the current schema
    read_only,   // must exist and be at the current schema; never changes the file
  };

  // Opens `path`. Throws StoreError when it cannot be opened, is not a
  // carerules database, or was written by a newer carerules.
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  Mode mode() const { return mode_; }
  sqlite3* handle() const { return db_; }

  // Runs SQL without parameters (schema scripts, pragmas, BEGIN/COMMIT).
  void execute(const char* sql);
  std::int64_t last_insert_rowid() const;
  // True inside BEGIN ... COMMIT.
  bool in_transaction() const;
  // The schema version of the file (PRAGMA user_version).
  int schema_version();

  // Throws the StoreError, in plain words naming the file, for SQLite result `code`.
  [[noreturn]] void fail(int code) const;

 // A statement prepared once and kept for the connection's life, for SQL
  // run many times (reading back a row for its audit entry); reset, ready to
  // bind. `sql` must be a constant: the cache is keyed by its text.
  Statement& prepared(std::string_view sql);

 private:
  void configure();
  void migrate();
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> prepared_;
  std::string path_;
  Mode mode_;
  sqlite3* db_ = nullptr;
};

// A prepared statement: bind by 1-based index, step, read columns by 0-based
// index. Reset to run it again with other values.
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view text);  // the text is copied
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::optional<std::string>& text);  // null when nullopt
  Statement& bind_null(int index);

  // Runs to the next row: true when there is one, false when done.
  bool step();
  // Runs a statement that returns no rows (INSERT, UPDATE ...).
  void run();
  // Ready to run again; bindings are cleared.
  void reset();

  int column_count() const;
  std::string_view column_name(int column) const;
  bool is_null(int column) const;
  bool is_integer(int column) const;
  bool is_real(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  // Valid until the next step, reset or destruction.
  std::string_view text(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  Database& db_;
  sqlite3_stmt* statement_ = nullptr;
};

// BEGIN ... COMMIT, rolled back by the destructor unless committed. Writers
// take the write lock at the start (BEGIN IMMEDIATE), so that what they read
// while checking stays true until they commit.
class Transaction {
 public:
  enum class Kind { read, write };
  explicit Transaction(Database& db, Kind kind = Kind::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace carerules
