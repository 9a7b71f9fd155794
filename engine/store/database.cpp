#include "engine/store/database.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/store/migrations.hpp"

namespace carerules {

namespace {

// PRAGMA application_id of a carerules database ("CRLS"), so that another
// program's SQLite file is never taken for one.
constexpr std::int64_t kApplicationId = 0x43524C53;

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

Database::Database(const std::string& path, Mode mode) : path_(path), mode_(mode) {
  int flags = 0;
  if (mode == Mode::read_write) {
    // Created here with mode 0600 (case data is personal data): SQLite would
    // create it with 0644 less the umask. SQLite gives its -wal and -shm
    // files the database file's permissions.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
    } else if (errno != EEXIST) {
      throw StoreError(fmt::format("cannot create the database `{}`: {}", path,
                                   errno == ENOENT ? "its folder does not exist" : std::strerror(errno)));
    }
    flags = SQLITE_OPEN_READWRITE;
  } else {
    if (!file_exists(path))
      throw StoreError(fmt::format("there is no database at `{}`; `carerules import` creates one", path));
    flags = SQLITE_OPEN_READONLY;
  }
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw StoreError(fmt::format("cannot open the database `{}` ({})", path, detail));
  }
  try {
    configure();
    migrate();
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Database::~Database() {
  prepared_.clear();  // finalised before the connection closes
  if (db_) sqlite3_close_v2(db_);
}

Statement& Database::prepared(std::string_view sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) it = prepared_.emplace(std::string(sql), std::make_unique<Statement>(*this, sql)).first;
  it->second->reset();
  return *it->second;
}

void Database::configure() {
  sqlite3_extended_result_codes(db_, 0);
  // A writer waits up to 10 s for another writer (one import or run at a time).
  sqlite3_busy_timeout(db_, 10000);
  if (mode_ == Mode::read_only) {
    // query_only: even a statement that would write is refused.
    execute("PRAGMA query_only = 1");
    return;
  }
  // WAL: readers (tasks, the REPL) never block the writer nor see half a run.
  Statement wal(*this, "PRAGMA journal_mode = WAL");
  if (!wal.step() || wal.text(0) != "wal")
    throw StoreError(fmt::format("the database `{}` cannot use write-ahead logging (is it on a network drive?)", path_));
  execute("PRAGMA foreign_keys = ON");
  // FULL, not NORMAL: with NORMAL a power cut may undo the last imports or
  // runs already reported as done; FULL syncs the log at every commit. Commits
  // are few and large here (one per file, one per run), so it costs little.
  execute("PRAGMA synchronous = FULL");
  execute("PRAGMA cache_size = -65536");  // 64 MiB: imports update large indexes
}

void Database::migrate() {
  const int current = current_schema_version();
  const int version = schema_version();
  if (version > current)
    throw StoreError(fmt::format(
        "the database `{}` was written by a newer version of carerules (schema version {}; this program knows up to {}); "
        "use that version or a later one",
        path_, version, current));
  if (version > 0) {
    Statement id(*this, "PRAGMA application_id");
    if (!id.step() || id.integer(0) != kApplicationId)
      throw StoreError(fmt::format("`{}` is an SQLite database but not a carerules one", path_));
  }
  if (version == current) return;
  if (mode_ == Mode::read_only) {
    if (version == 0) throw StoreError(fmt::format("`{}` is not a carerules database (it holds nothing yet)", path_));
    throw StoreError(fmt::format(
        "the database `{}` has an older layout (schema version {} of {}); `carerules import` or `carerules run` brings it up to date",
        path_, version, current));
  }
  for (const Migration& m : migrations()) {
    if (m.version <= version) continue;
    Transaction transaction(*this, Transaction::Kind::write);
    // Another process may have migrated while this one waited for the lock.
    const int now = schema_version();
    if (now >= m.version) continue;
    if (now == 0) {
      Statement tables(*this, "SELECT count(*) FROM sqlite_schema");
      if (tables.step() && tables.integer(0) > 0)
        throw StoreError(fmt::format("`{}` is an SQLite database but not a carerules one (it holds other tables)", path_));
      execute(fmt::format("PRAGMA application_id = {}", kApplicationId).c_str());
    }
    execute(m.sql);
    // PRAGMA takes no bound parameters; the version is our own constant.
    execute(fmt::format("PRAGMA user_version = {}", m.version).c_str());
    transaction.commit();
  }
}

int Database::schema_version() {
  Statement s(*this, "PRAGMA user_version");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

void Database::execute(const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) fail(rc);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Database::fail(int code) const {
  const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StoreError(fmt::format(
          "the database `{}` is busy: another carerules command has been writing to it for more than 10 seconds; "
          "try again when it has finished",
          path_));
    case SQLITE_READONLY:
      throw StoreError(fmt::format("cannot write to the database `{}`: {}", path_,
                                   mode_ == Mode::read_only ? "it was opened read-only"
                                                            : "check the permissions of the file and its folder"));
    case SQLITE_FULL: throw StoreError(fmt::format("cannot write to the database `{}`: the disk is full", path_));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw StoreError(fmt::format("`{}` is not a carerules database, or it is damaged ({})", path_, detail));
    case SQLITE_IOERR:
      throw StoreError(fmt::format("the disk failed while reading or writing the database `{}` ({})", path_, detail));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      throw StoreError(fmt::format("cannot open the database `{}` ({})", path_, detail));
    case SQLITE_CONSTRAINT:
      throw StoreError(fmt::format("the database `{}` refused a change: {}", path_, detail));
    default: throw StoreError(fmt::format("the database `{}` reported a problem: {}", path_, detail));
  }
}

// ------------------------------------------------------------------ Statement

Statement::Statement(Database& db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc);
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail(rc);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(statement_, index);
  if (rc != SQLITE_OK) db_.fail(rc);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(statement_);
  db_.fail(rc);
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int Statement::column_count() const { return sqlite3_column_count(statement_); }

std::string_view Statement::column_name(int column) const { return sqlite3_column_name(statement_, column); }

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
bool Statement::is_integer(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_INTEGER; }
bool Statement::is_real(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_FLOAT; }

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }
double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }

std::string_view Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return std::string(text(column));
}

// ---------------------------------------------------------------- Transaction

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  db_.execute(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN");
  open_ = true;
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.execute("COMMIT");
  open_ = false;
}

}  // namespace carerules
