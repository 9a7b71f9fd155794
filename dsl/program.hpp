// A checked program: every name resolved to a slot, every expression typed.
// This is what the engine evaluates; it holds no strings on the hot path
// other than for explanations.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "engine/calendar/date.hpp"
#include "engine/calendar/working_calendar.hpp"

namespace carerules {

enum class TypeKind : std::uint8_t {
  unknown,  // the `unknown` literal before context gives it a type
  boolean, number, money, text, date, timestamp, duration,
  enumeration,  // ref: enum id
  set,          // ref: element enum id, or -1 for a set of texts
  map,          // ref: key enum id, ref2: value enum id
  record,       // ref: record id
  event,        // ref: event type id
  event_list,   // ref: event type id
};

struct Type {
  TypeKind kind = TypeKind::unknown;
  std::int32_t ref = -1;
  std::int32_t ref2 = -1;
  bool operator==(const Type&) const = default;
};

// A plain value tree: literal constants, setting values and test events.
struct DataValue {
  TypeKind kind = TypeKind::unknown;  // unknown: absent / null
  bool boolean = false;
  double number = 0;
  Date date;
  Timestamp timestamp;
  std::int32_t enum_value = -1;
  std::int32_t amount = 0;       // duration
  std::uint8_t unit = 0;         // duration: ast::DurationUnit
  bool working = false;          // duration in working days
  std::string text;
  std::vector<DataValue> items;  // record: by field; map: by key value; set: elements
};

struct EnumDef {
  std::string name, title;
  std::vector<std::string> values, labels;
  Span span;
  int pack = -1;
};

struct Expr;

struct FieldDef {
  std::string name;
  Type type;
  bool optional = false;
  std::shared_ptr<Expr> required_when;  // over the same record's fields
  Span span;
};

struct RecordDef {
  std::string name;  // "assessment", "involvement.difficulty"
  std::vector<FieldDef> fields;
  int field_index(const std::string& field) const;
};

struct EventTypeDef {
  std::string name, title;
  int record = -1;  // its fields
  Span span;
  int pack = -1;
};

enum class Op : std::uint8_t {
  constant,        // constant slot a
  today,
  local,           // given slot a
  decision,        // decision a
  setting,         // setting a
  scope_event,     // the event in scope, b levels out (0: innermost where)
  field,           // args[0] . field a
  envelope,        // args[0] . a (0 date, 1 recorded, 2 id)
  map_entry,       // args[0] [key a]
  not_, and_, or_,
  compare,         // a: ast::CompareOp
  is_known,        // negated
  one_of,          // args[0] is [not] one of args[1..]
  add, subtract, negate,
  date_plus, date_minus,  // date +/- duration
  pick,            // latest (latest) or first event of query; b: shared result slot, or -1
  all,             // events of query
  exists,          // any (or, negated, no) event of query
  count_events,    // count of query
  distinct,        // distinct field a of query (a set of texts)
  count_value,     // count of a set or a map subset
  that_are,        // args[0] that are [not] args[1..]
  at_least_of,     // at least a of args
  extreme,         // earlier (or, latest, later) of args
  if_,
  set_of,          // the values args[2i] whose conditions args[2i+1] are yes
};

enum class WindowKind : std::uint8_t { last, since, after, before, until };

struct Window {
  WindowKind kind = WindowKind::last;
  std::shared_ptr<Expr> value;
};

struct Query {
  int event_type = -1;
  std::shared_ptr<Expr> where;  // null: every event of the type
  std::vector<Window> windows;
};

struct Expr {
  Op op = Op::constant;
  Type type;
  bool negated = false;
  bool latest = false;
  std::int32_t a = -1;
  std::int32_t b = -1;
  std::vector<Expr> args;
  std::shared_ptr<Query> query;
  Span span, end_span;  // the source text, for traces
};

struct ExplainPiece {
  std::string text;            // literal text
  std::optional<Expr> value;   // or an expression to show
};

struct DecisionCase {
  enum class Kind : std::uint8_t { when, otherwise };
  Kind kind = Kind::when;
  Expr value;
  std::optional<Expr> condition;
  Span span;
};

struct Given {
  std::string name;
  Expr value;
  Span span;
};

struct DecisionDef {
  std::string name, title, cites;
  Type type;
  std::vector<Given> givens;
  std::vector<DecisionCase> cases;
  std::vector<ExplainPiece> explain;
  std::vector<int> settings_used;   // sorted setting indices it reads, directly or through other decisions
  std::vector<int> decisions_used;  // decisions it reads directly
  int pack = -1;
  int replaces_pack = -1;  // `instead of`: the pack whose rule this one replaces
  Span span;
};

struct SettingDef {
  std::string name, title, cites;
  Type type;
  Expr value;
  int pack = -1;
  int replaces_pack = -1;  // `instead of`: the pack whose setting this one replaces
  Span span;
};

struct TaskDef {
  std::string name, title, team, cites, workflow;  // workflow: as written, empty for the built-in one
  std::vector<Given> givens;
  Expr when;
  std::optional<Expr> done, due, about;
  int workflow_index = -1;  // into Program::workflows; -1: the built-in open -> done
  // One per transition of its workflow (parallel to WorkflowDef::transitions),
  // checked with this task's `given` names in scope.
  std::vector<Expr> transition_conditions;
  int pack = -1;
  Span span;
};

struct AlertDef {
  std::string name, title, severity, recipient, cites;
  std::vector<Given> givens;
  Expr when;
  std::vector<ExplainPiece> message;
  int pack = -1;
  Span span;
};

// `from A to B when ...`: the condition is the task's (TaskDef::transition_conditions).
struct WorkflowTransition {
  int from = -1, to = -1;  // into WorkflowDef::states; `from` is never the last state
  Span span;
};

// `escalate to ROLE when in STATE longer than DURATION`.
struct WorkflowEscalation {
  int state = -1;  // into WorkflowDef::states; never the last state
  std::string role;
  Expr after;  // a duration: a literal or a setting (Evaluator::duration_of)
  Span span;
};

// The states a task moves through. The first is where it opens; reaching the
// last closes it.
struct WorkflowDef {
  std::string name, title;
  std::vector<std::string> states;  // at least two, all different
  std::vector<WorkflowTransition> transitions;  // in declaration order
  std::vector<WorkflowEscalation> escalations;
  std::vector<std::string> due_alerts;  // roles told when the due date has passed
  std::vector<std::string> actions;     // what practitioners may do: acknowledge, reassign, note
  int pack = -1;
  Span span;
};

struct CheckpointRequirement {
  Expr condition;     // yes/no, with the passage event in scope
  std::string label;  // names the item when it is missing
  Span span;
};

// `checkpoint NAME before EVENT becomes VALUE`: each event of that type whose
// field has that value is a passage, judged against the requirements.
struct CheckpointDef {
  std::string name, title, cites;
  int event_type = -1;
  int field = -1;  // into the event type's record: the one enum field that has the value
  int value = -1;  // the value's index in that field's enum
  std::vector<Given> givens;  // evaluated with the passage in scope
  std::vector<CheckpointRequirement> requirements;
  int task = -1;   // `opens task`: into Program::tasks, or -1
  int alert = -1;  // `raises alert`: into Program::alerts, or -1
  int pack = -1;
  Span span;
};

struct PackDef {
  std::string name, title, version, authority;
  Date in_force_from;
  std::optional<Date> in_force_until;
  std::vector<std::string> uses, extends;
  std::string hash;  // sha-256 of its files, in path order
  std::vector<const SourceFile*> files;
};

struct TestEvent {
  int event_type = -1;
  Date date;
  std::optional<Timestamp> recorded;
  std::string id, amends;
  DataValue fields;  // a record value
  Span span;
};

struct Expectation {
  enum class Kind : std::uint8_t { decision, task_open, task_due, alert_raised, checkpoint_passes };
  Kind kind = Kind::decision;
  int decision = -1;  // or the task's, alert's or checkpoint's index
  bool negated = false;  // checkpoint_passes: expected to fail
  DataValue value;
  Span span;
};

struct TestDef {
  std::string name;
  int pack = -1;
  Date as_of;
  std::optional<Timestamp> known_at;
  std::vector<std::pair<int, Expr>> settings;  // setting index, value for this test
  std::vector<TestEvent> events;
  std::vector<Expectation> expects;
  Span span;
};

struct Program {
  std::vector<std::unique_ptr<SourceFile>> sources;
  std::vector<std::shared_ptr<ast::File>> ast_files;  // kept: spans and templates point into them
  std::vector<PackDef> packs;
  std::vector<EnumDef> enums;
  std::vector<RecordDef> records;
  std::vector<EventTypeDef> events;
  std::vector<SettingDef> settings;
  std::vector<DecisionDef> decisions;
  std::vector<int> evaluation_order;  // every decision after those it reads
  std::vector<TaskDef> tasks;    // sorted by name
  std::vector<AlertDef> alerts;  // sorted by name
  std::vector<WorkflowDef> workflows;      // sorted by name
  std::vector<CheckpointDef> checkpoints;  // sorted by name
  std::vector<TestDef> tests;
  std::vector<DataValue> constants;
  std::map<std::string, WorkingCalendar> calendars;
  // The calendar files read: (path as resolved from the .care file, text), in
  // the order read, so that a run can store them with its rules.
  std::vector<std::pair<std::string, std::string>> calendar_files;
  int calendar_setting = -1;  // the setting naming the working-day calendar, if declared
  int query_slots = 0;        // `latest`/`first` queries that read nothing but the case: computed once per case

  std::map<std::string, int> enum_by_name, event_by_name, setting_by_name, decision_by_name;
  int find_decision(const std::string& name) const;
  int find_event(const std::string& name) const;
};

std::string type_name(const Program& program, const Type& type);

}  // namespace carerules
