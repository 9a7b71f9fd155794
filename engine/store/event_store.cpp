#include "engine/store/event_store.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fmt/format.h>
#include <unordered_set>

#include "engine/calendar/sha256.hpp"
#include "engine/store/audit_log.hpp"
#include "engine/store/canonical_json.hpp"
#include "engine/store/event_lines.hpp"

namespace carerules {

namespace {

// The name under which stored lines are given to the reader: never a real
// file name, so its messages about them can be recognised and reworded.
constexpr std::string_view kStoredName = "\x01stored events";

// Stored lines handed to the reader as one text, with the seq of each line.
struct StoredLines {
  std::string text;
  std::vector<std::int64_t> seq;  // by line number - 1
  void add(std::int64_t s, std::string_view line) {
    text.append(line);
    text.push_back('\n');
    seq.push_back(s);
  }
  std::int64_t seq_of_line(std::uint32_t line) const {
    return line >= 1 && line <= seq.size() ? seq[line - 1] : 0;
  }
};

Timestamp wall_clock_now() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return Timestamp{static_cast<std::int64_t>(now.time_since_epoch().count())};
}

struct StoredEvent {
  std::string event_id, case_id, file;
};

StoredEvent stored_event(Database& db, std::int64_t seq) {
  Statement s(db,
              "SELECT e.event_id, e.case_id, i.file FROM events e LEFT JOIN imports i ON i.id = e.import_id "
              "WHERE e.seq = ?1");
  s.bind(1, seq);
  if (!s.step()) return {};
  return {std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2))};
}

// "the stored event `e3` of case `P-1001` (imported from `jan.jsonl`) does not fit ..."
std::string stored_problem(Database& db, const StoredLines& stored, const EventError& error) {
  StoredEvent e = stored_event(db, stored.seq_of_line(error.line));
  return fmt::format(
      "the stored event `{}` of case `{}` (imported from `{}`) does not fit the event types of these rules: {}",
      e.event_id, e.case_id, e.file, error.message);
}

// The reader says an id was "already used at FILE:LINE with different content"
// naming the stored lines; say instead that it was imported before, and how a
// correction is made.
void reword_conflicts(Database& db, const StoredLines& stored, std::vector<EventError>& errors) {
  const std::string marker = fmt::format("at {}:", kStoredName);
  for (EventError& error : errors) {
    std::size_t at = error.message.find(marker);
    if (at == std::string::npos) continue;
    std::uint32_t line = 0;
    const char* digits = error.message.data() + at + marker.size();
    std::from_chars(digits, error.message.data() + error.message.size(), line);
    StoredEvent e = stored_event(db, stored.seq_of_line(line));
    if (e.event_id.empty()) {
      error.message.replace(at, marker.size(), "in the database, line ");
      continue;
    }
    error.message = fmt::format(
        "event id `{}` was already imported (from `{}`) with different content; to correct it, import a new event "
        "with its own id and `\"amends\": \"{}\"`",
        e.event_id, e.file, e.event_id);
  }
}

// The stored lines of the cases a file names, in seq order within each case.
void load_cases_of(Database& db, std::string_view jsonl, StoredLines& stored) {
  const std::int64_t count = last_event_seq(db);
  if (count == 0) return;
  std::vector<std::string> cases;
  EventLines lines(jsonl);
  std::string_view line;
  std::uint32_t number = 0;
  while (lines.next(line, number))
    if (auto c = case_named_in(line)) cases.push_back(std::move(*c));
  std::sort(cases.begin(), cases.end());
  cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
  if (cases.empty()) return;
  // A lookup per case costs a few times a row read in order: with many cases
  // (a full extract) one pass over all events is quicker.
  if (static_cast<std::int64_t>(cases.size()) * 8 < count) {
    Statement select(db, "SELECT seq, line FROM events WHERE case_id = ?1 ORDER BY seq");
    for (const std::string& c : cases) {
      select.bind(1, c);
      while (select.step()) stored.add(select.integer(0), select.text(1));
      select.reset();
    }
  } else {
    std::unordered_set<std::string_view> wanted(cases.begin(), cases.end());
    Statement select(db, "SELECT seq, case_id, line FROM events ORDER BY seq");
    while (select.step())
      if (wanted.count(select.text(1))) stored.add(select.integer(0), select.text(2));
  }
}

struct NewEvent {
  const Event* event;
  std::uint32_t case_id;  // string id
};

}  // namespace

std::int64_t last_event_seq(Database& db) {
  Statement s(db, "SELECT max(seq) FROM events");
  return s.step() && !s.is_null(0) ? s.integer(0) : 0;
}

ImportResult import_events(Database& db, const Program& program, std::string_view file_name, std::string_view jsonl,
                           const ImportOptions& options) {
  ImportResult result;
  // The write lock first: what is checked against the store stays true until commit.
  Transaction transaction(db, Transaction::Kind::write);
  StoredLines stored;
  load_cases_of(db, jsonl, stored);
  CaseBase base;
  std::vector<EventError> errors;
  if (!stored.text.empty()) {
    read_events(program, kStoredName, stored.text, base, errors);
    for (const EventError& e : errors) result.stored_problems.push_back(stored_problem(db, stored, e));
    errors.clear();
    if (!result.stored_problems.empty()) return result;
  }
  const std::uint32_t lines_before = base.lines_read;
  read_events(program, file_name, jsonl, base, errors);
  reword_conflicts(db, stored, errors);
  for (EventError& e : errors)
    if (!e.warning) result.errors.push_back(std::move(e));
  if (!result.errors.empty()) return result;

  // The events the reader kept from this file, in line order.
  std::vector<NewEvent> added;
  for (const CaseEvents& c : base.cases)
    for (const Event* e : c.events)
      if (e->order > lines_before) added.push_back({e, c.case_id});
  std::sort(added.begin(), added.end(), [](const NewEvent& a, const NewEvent& b) { return a.event->order < b.event->order; });
  const std::size_t lines = base.lines_read - lines_before;
  result.already_present = lines - added.size();
  if (added.empty()) return result;  // nothing new: rolled back, the file untouched

  result.added = added.size();
  result.first_seq = last_event_seq(db) + 1;
  result.last_seq = result.first_seq + static_cast<std::int64_t>(added.size()) - 1;
  const std::string file_sha256 = sha256_hex(jsonl);
  Statement add_import(db,
                       "INSERT INTO imports (file, sha256, events_added, events_present, first_seq, last_seq, imported_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  add_import.bind(1, file_name)
      .bind(2, file_sha256)
      .bind(3, static_cast<std::int64_t>(result.added))
      .bind(4, static_cast<std::int64_t>(result.already_present))
      .bind(5, result.first_seq)
      .bind(6, result.last_seq)
      .bind(7, format_timestamp(options.now.value_or(wall_clock_now())));
  add_import.run();
  result.import_id = db.last_insert_rowid();

  Statement add_event(db,
                      "INSERT INTO events (seq, case_id, event_id, type, date, recorded, amends, line, line_sha256, import_id) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  EventLines file_lines(jsonl);
  Sha256 lines_sha256;
  std::int64_t seq = result.first_seq;
  for (std::size_t i = 0; i < added.size(); ++i) {
    const Event& e = *added[i].event;
    const std::string_view line = file_lines.line(e.source_line);
    lines_sha256.update(line);
    lines_sha256.update("\n");
    add_event.bind(1, seq++)
        .bind(2, base.strings.text(added[i].case_id))
        .bind(3, base.strings.text(e.id))
        .bind(4, program.events[static_cast<std::size_t>(e.type)].name)
        .bind(5, format_date(e.date))
        .bind(6, format_timestamp(e.recorded))
        .bind(8, line)
        .bind(9, sha256_hex(line))
        .bind(10, result.import_id);
    if (e.amends != 0) add_event.bind(7, base.strings.text(e.amends));
    add_event.run();
    add_event.reset();
    if (options.progress && (i % 4096 == 0 || i + 1 == added.size())) options.progress(i + 1, added.size());
  }

  AuditLog audit(db);
  JsonObject body;
  body.add("import", result.import_id)
      .add("file", file_name)
      .add("sha256", file_sha256)
      .add("events_added", static_cast<std::int64_t>(result.added))
      .add("events_present", static_cast<std::int64_t>(result.already_present))
      .add("first_seq", result.first_seq)
      .add("last_seq", result.last_seq)
      .add("lines_sha256", lines_sha256.hex());
  audit.append("import", audit_subject(result.import_id), body.str());
  transaction.commit();
  return result;
}

std::vector<std::string> load_events(Database& db, const Program& program, CaseBase& base,
                                     std::optional<std::int64_t> up_to_seq) {
  // Lines go to the reader in batches of about 64 MiB: one call per batch
  // reads as fast as one file, and memory stays bounded.
  constexpr std::size_t kBatchBytes = std::size_t(64) << 20;
  std::vector<std::string> problems;
  // One snapshot for the whole read (the caller's transaction, if it has one).
  std::optional<Transaction> snapshot;
  if (!db.in_transaction()) snapshot.emplace(db, Transaction::Kind::read);
  Statement select(db, "SELECT seq, line FROM events WHERE seq <= ?1 ORDER BY seq");
  select.bind(1, up_to_seq.value_or(INT64_MAX));
  StoredLines batch;
  std::vector<EventError> errors;
  auto flush = [&] {
    if (batch.seq.empty()) return;
    read_events(program, kStoredName, batch.text, base, errors);
    for (const EventError& e : errors) problems.push_back(stored_problem(db, batch, e));
    errors.clear();
    batch.text.clear();
    batch.seq.clear();
  };
  batch.text.reserve(kBatchBytes + 4096);
  while (select.step()) {
    batch.add(select.integer(0), select.text(1));
    if (batch.text.size() >= kBatchBytes) flush();
  }
  flush();
  return problems;
}

}  // namespace carerules
