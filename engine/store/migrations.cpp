#include "engine/store/migrations.hpp"

namespace carerules {

namespace {

// Version 1: every table of the store (docs/design-store-and-workflows.md,
// section 2). Dates are `YYYY-MM-DD` texts, times `YYYY-MM-DDThh:mm:ssZ`
// texts (UTC), hashes 64 lowercase hex digits, JSON columns compact JSON.
constexpr const char* kVersion1 = R"sql(
-- One row per file that added events. Files with nothing new leave no row.
CREATE TABLE imports (
  id             INTEGER PRIMARY KEY,
  file           TEXT    NOT NULL,              -- as named on the command line
  sha256         TEXT    NOT NULL,              -- of the whole file
  events_added   INTEGER NOT NULL CHECK (events_added > 0),
  events_present INTEGER NOT NULL CHECK (events_present >= 0),  -- lines already in the store (or repeated in the file)
  first_seq      INTEGER NOT NULL,
  last_seq       INTEGER NOT NULL,
  imported_at    TEXT    NOT NULL,              -- wall clock; never read by evaluation
  CHECK (last_seq - first_seq + 1 = events_added)
);

-- The case events, append-only, in import order. `line` holds the JSON line as
-- read (surrounding blanks trimmed); the other columns are taken from it.
CREATE TABLE events (
  seq         INTEGER PRIMARY KEY,
  case_id     TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  date        TEXT    NOT NULL,
  recorded    TEXT    NOT NULL,                 -- `date`T00:00:00Z when the line has none
  amends      TEXT,
  line        TEXT    NOT NULL,
  line_sha256 TEXT    NOT NULL,
  import_id   INTEGER NOT NULL REFERENCES imports(id),
  UNIQUE (case_id, event_id)                    -- also finds a case's events
);

-- Every rule file and calendar file a run loaded, whole, by content.
CREATE TABLE sources (
  hash TEXT PRIMARY KEY,                        -- sha-256 of the text
  path TEXT NOT NULL,                           -- where it was first read from
  text TEXT NOT NULL
);

CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  as_of          TEXT    NOT NULL,
  known_at       TEXT,
  rules          TEXT    NOT NULL,              -- as given (--rules)
  packs          TEXT    NOT NULL,              -- JSON: [{"name","version","hash"}] as in eval
  settings       TEXT    NOT NULL,              -- JSON object, keys sorted
  last_event_seq INTEGER NOT NULL,              -- the run saw the events with seq <= this
  cases          INTEGER NOT NULL DEFAULT 0,
  started_at     TEXT    NOT NULL,              -- wall clock; never read by evaluation
  engine_version TEXT    NOT NULL
);

-- The files of each run's rules, by the path the run read them from (a
-- calendar is found relative to the .care file that declares it).
CREATE TABLE run_sources (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  path   TEXT    NOT NULL,
  hash   TEXT    NOT NULL REFERENCES sources(hash),
  kind   TEXT    NOT NULL CHECK (kind IN ('pack', 'calendar')),
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;

CREATE TABLE run_cases (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES runs(id),
  case_id   TEXT    NOT NULL,
  decisions TEXT    NOT NULL,                   -- the JSON object of `eval`
  traces    TEXT    NOT NULL,                   -- {"decision":{"a":..,"c":[[..]],"e":[..]}}
  UNIQUE (run_id, case_id)
);

-- One row per task instance: (case, name, subject, cycle).
CREATE TABLE tasks (
  id              INTEGER PRIMARY KEY,
  case_id         TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  subject         TEXT    NOT NULL DEFAULT '',  -- the id of the event it is about, or ''
  cycle           INTEGER NOT NULL CHECK (cycle >= 1),
  title           TEXT    NOT NULL,
  team            TEXT    NOT NULL,
  cites           TEXT    NOT NULL DEFAULT '',
  workflow        TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  state_since     TEXT    NOT NULL,
  opened_on       TEXT    NOT NULL,
  opened_run      INTEGER NOT NULL REFERENCES runs(id),
  due             TEXT,
  worker          TEXT,
  acknowledged_on TEXT,
  escalated_to    TEXT,
  escalated_on    TEXT,
  overdue_alerted INTEGER NOT NULL DEFAULT 0 CHECK (overdue_alerted IN (0, 1)),
  closed_on       TEXT,
  closed_run      INTEGER REFERENCES runs(id),
  close_reason    TEXT,
  detail          TEXT,
  UNIQUE (case_id, name, subject, cycle)
);
CREATE UNIQUE INDEX tasks_one_open ON tasks (case_id, name, subject) WHERE closed_on IS NULL;
CREATE INDEX tasks_open_by_team ON tasks (team, due) WHERE closed_on IS NULL;
CREATE INDEX tasks_open_by_worker ON tasks (worker, due) WHERE closed_on IS NULL;

-- Every change of a task, by carerules (a run) or by a worker.
CREATE TABLE task_history (
  id         INTEGER PRIMARY KEY,
  task_id    INTEGER NOT NULL REFERENCES tasks(id),
  run_id     INTEGER REFERENCES runs(id),       -- null for a worker's action
  on_date    TEXT    NOT NULL,
  action     TEXT    NOT NULL CHECK (action IN ('opened', 'moved', 'due_changed', 'escalated', 'alerted',
                                                'acknowledged', 'reassigned', 'note', 'closed')),
  from_state TEXT,
  to_state   TEXT,
  "by"       TEXT    NOT NULL,                  -- 'carerules' or the worker
  detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX task_history_by_task ON task_history (task_id, id);

CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  case_id     TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  subject     TEXT    NOT NULL DEFAULT '',
  task_id     INTEGER REFERENCES tasks(id),
  source      TEXT    NOT NULL CHECK (source IN ('rule', 'workflow', 'checkpoint')),
  severity    TEXT    NOT NULL,
  recipient   TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  cites       TEXT    NOT NULL DEFAULT '',
  raised_on   TEXT    NOT NULL,
  raised_run  INTEGER NOT NULL REFERENCES runs(id),
  cleared_on  TEXT,
  cleared_run INTEGER REFERENCES runs(id)
);
CREATE UNIQUE INDEX alerts_one_raised ON alerts (case_id, name, subject) WHERE cleared_on IS NULL;
CREATE INDEX alerts_by_case ON alerts (case_id, id);

-- Each passage through a checkpoint, judged once.
CREATE TABLE checkpoints (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES runs(id),
  case_id    TEXT    NOT NULL,
  checkpoint TEXT    NOT NULL,
  event_id   TEXT    NOT NULL,
  on_date    TEXT    NOT NULL,
  passed     INTEGER NOT NULL CHECK (passed IN (0, 1)),
  missing    TEXT    NOT NULL DEFAULT '[]',     -- JSON array of the labels not met
  UNIQUE (case_id, checkpoint, event_id)
);

-- The hash chain: hash = sha256(prev "\n" seq "\n" kind "\n" subject "\n" body).
CREATE TABLE audit (
  seq     INTEGER PRIMARY KEY,
  kind    TEXT NOT NULL CHECK (kind IN ('import', 'run', 'decisions', 'task', 'alert', 'checkpoint')),
  subject TEXT NOT NULL,
  body    TEXT NOT NULL,
  prev    TEXT NOT NULL,
  hash    TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit (kind, subject);

-- What is recorded stays recorded: carerules never changes or deletes these
-- rows, and refuses anyone else's attempt through SQL (the audit log catches
-- what gets past this).
CREATE TRIGGER events_never_change BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'stored events are never changed; a correction is a new event with amends'); END;
CREATE TRIGGER events_never_go BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'stored events are never deleted'); END;
CREATE TRIGGER imports_never_change BEFORE UPDATE ON imports BEGIN SELECT RAISE(ABORT, 'imports are never changed'); END;
CREATE TRIGGER imports_never_go BEFORE DELETE ON imports BEGIN SELECT RAISE(ABORT, 'imports are never deleted'); END;
CREATE TRIGGER sources_never_change BEFORE UPDATE ON sources BEGIN SELECT RAISE(ABORT, 'stored rule files are never changed'); END;
CREATE TRIGGER sources_never_go BEFORE DELETE ON sources BEGIN SELECT RAISE(ABORT, 'stored rule files are never deleted'); END;
CREATE TRIGGER run_sources_never_change BEFORE UPDATE ON run_sources BEGIN SELECT RAISE(ABORT, 'the rules of a run are never changed'); END;
CREATE TRIGGER run_sources_never_go BEFORE DELETE ON run_sources BEGIN SELECT RAISE(ABORT, 'the rules of a run are never deleted'); END;
CREATE TRIGGER runs_never_go BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'runs are never deleted'); END;
CREATE TRIGGER run_cases_never_change BEFORE UPDATE ON run_cases BEGIN SELECT RAISE(ABORT, 'recorded decisions are never changed'); END;
CREATE TRIGGER run_cases_never_go BEFORE DELETE ON run_cases BEGIN SELECT RAISE(ABORT, 'recorded decisions are never deleted'); END;
CREATE TRIGGER tasks_never_go BEFORE DELETE ON tasks BEGIN SELECT RAISE(ABORT, 'tasks are closed, never deleted'); END;
CREATE TRIGGER task_history_never_change BEFORE UPDATE ON task_history BEGIN SELECT RAISE(ABORT, 'task history is never changed'); END;
CREATE TRIGGER task_history_never_go BEFORE DELETE ON task_history BEGIN SELECT RAISE(ABORT, 'task history is never deleted'); END;
CREATE TRIGGER alerts_never_go BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'alerts are cleared, never deleted'); END;
CREATE TRIGGER checkpoints_never_change BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'judged checkpoints are never changed'); END;
CREATE TRIGGER checkpoints_never_go BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'judged checkpoints are never deleted'); END;
CREATE TRIGGER audit_never_change BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;
CREATE TRIGGER audit_never_go BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is never deleted'); END;
)sql";

// Version 2: a workflow may escalate a task more than once in one state (to
// the team manager after a week, to the head of service after a month, say);
// which of its escalations have fired since the task entered its state.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE tasks ADD COLUMN escalated_mask INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: a case whose decisions and traces are byte for byte those of
// its row in the run before points to the row that holds them, instead of
// holding a copy (a nightly run repeats most cases unchanged: about 2.4 KB
// a case). Readers always see the content (engine/store/runs.cpp); the
// audit entry of each (run, case) still records the content's hashes.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE run_cases ADD COLUMN same_as INTEGER REFERENCES run_cases(id);
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list{
      {1, "events, imports, rule sources, runs, tasks, alerts, checkpoints and the audit log", kVersion1},
      {2, "the escalations of a task fired since it entered its state", kVersion2},
      {3, "a run's unchanged cases point to the row that holds their decisions", kVersion3},
  };
  return list;
}

int current_schema_version() { return migrations().back().version; }

}  // namespace carerules
