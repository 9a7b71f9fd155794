// The abstract syntax of .care files, as written (names not yet resolved).
// Built by dsl/parse from the ANTLR parse tree; no ANTLR type appears here.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace carerules::ast {

struct Expr;
struct FieldDecl;

enum class LiteralKind { yes, no, unknown, number, text, date, timestamp };
enum class DurationUnit { days, weeks, months, years };
enum class CompareOp { eq, ne, lt, le, gt, ge };

enum class ExprKind {
  literal,     // text: the literal as written; literal_kind says which
  duration,    // number + unit (+ working)
  name,        // text: the name
  today,       // the evaluation date
  member,      // args[0] . text
  that_are,    // args[0] that are [not] args[1..]   (negated)
  not_,        // not args[0]
  and_,        // args...
  or_,         // args...
  compare,     // args[0] op args[1]
  is,          // args[0] is [not] args[1]            (negated)
  is_known,    // args[0] is [not] known              (negated)
  one_of,      // args[0] is [not] one of args[1..]   (negated)
  add,         // args[0] + args[1]
  subtract,    // args[0] - args[1]
  negate,      // - args[0]
  pick,        // latest/first source                 (latest)
  all,         // all source
  exists,      // any/no source                       (negated for `no`)
  distinct,    // distinct text of source
  count,       // count of source | count of args[0]
  at_least_of, // at least number of (args...)
  extreme,     // the earlier/later of (args...)      (latest for `later`)
  if_,         // if args[0] then args[1] else args[2]
  set_of,      // set of (args[2i] when args[2i+1], ...): a missing condition is a `yes` literal
};

enum class WindowKind { last, since, after, before, until };

struct Window {
  WindowKind kind = WindowKind::last;
  Span span;
  std::unique_ptr<Expr> value;
};

struct Source {
  std::string name;  // the event type as written (may be plural)
  Span name_span;
  std::string alias;  // `visit as v`: a name for the event, usable in nested queries
  std::unique_ptr<Expr> where;
  std::vector<Window> windows;
};

struct Expr {
  ExprKind kind = ExprKind::literal;
  Span span;      // the first token
  Span end_span;  // the last token (span_text(span, end_span) is the source text)
  std::string text;
  LiteralKind literal_kind = LiteralKind::unknown;
  double number = 0;
  DurationUnit unit = DurationUnit::days;
  bool working = false;
  CompareOp op = CompareOp::eq;
  bool negated = false;
  bool latest = false;
  std::vector<Expr> args;
  std::shared_ptr<Source> source;
};

struct TypeRef {
  enum class Kind { boolean, named, set, map, record };
  Kind kind = Kind::named;
  Span span;
  std::string name;  // named: the type; map: the value enum
  std::string key;   // map: the key enum
  Span key_span;
  std::vector<TypeRef> element;  // set: one element
  std::vector<FieldDecl> fields; // record
};

struct FieldDecl {
  std::string name;
  Span span;
  bool optional = false;
  TypeRef type;
  std::optional<Expr> required_when;
};

struct Named {
  std::string name;
  Span span;
};

struct PackHeader {
  Named name;
  std::string title;
  std::string version;
  Span version_span;
  std::string in_force_from, in_force_until;
  Span in_force_span, in_force_until_span;
  std::string authority;
  std::vector<Named> uses, extends;
};

struct EnumValue {
  std::string name;
  std::string label;
  Span span;
};

struct EnumDecl {
  Named name;
  std::string title;
  std::vector<EnumValue> values;
};

struct EventDecl {
  Named name;
  std::string title;
  std::vector<FieldDecl> fields;
};

struct SettingDecl {
  Named name;
  Expr value;
  std::string title;
  std::optional<Named> replaces;
  std::string cites;
};

struct CalendarDecl {
  Named name;
  std::string title;
  std::string path;
  Span path_span;
};

struct Given {
  Named name;
  Expr value;
};

struct DecisionCase {
  enum class Kind { when, otherwise, value };
  Kind kind = Kind::when;
  Span span;
  Expr value;
  std::optional<Expr> condition;
};

struct DecisionDecl {
  Named name;
  std::string title;
  std::optional<Named> replaces;
  std::optional<TypeRef> type;
  std::string cites;
  Span cites_span;
  std::vector<Given> givens;
  std::vector<DecisionCase> cases;
  std::string explain;
  Span explain_span;
};

// `when CONDITION open task NAME "Title"`: open while the condition holds
// (and the `done when` condition does not).
struct TaskDecl {
  Named name;
  std::string title;
  Expr when;
  std::optional<Expr> done, due, about;
  std::vector<Given> givens;
  Named team;
  std::string cites;
  Named workflow;  // `using workflow NAME`; empty: the built-in open -> done
  Span span;
};

// `when CONDITION raise alert NAME "Title"`: raised while the condition holds.
struct AlertDecl {
  Named name;
  std::string title;
  Expr when;
  Named severity, recipient;
  std::vector<Given> givens;
  std::string message, cites;
  Span message_span, span;
};

// `from A to B when CONDITION`.
struct WorkflowTransition {
  Named from, to;
  Expr when;
  Span span;
};

// `escalate to ROLE when in STATE longer than DURATION`.
struct WorkflowEscalation {
  Named role, state;
  Expr after;
  Span span;
};

// `workflow NAME "Title"`: the states a task moves through and what moves it.
struct WorkflowDecl {
  Named name;
  std::string title;
  std::vector<std::vector<Named>> states;  // one list per `states` line (one is right)
  std::vector<Span> states_spans;          // each `states` line's first word
  std::vector<WorkflowTransition> transitions;
  std::vector<WorkflowEscalation> escalations;
  std::vector<Named> due_alerts;  // `alert ROLE when due date passed`
  std::vector<Named> actions;     // `practitioners may ...`; none written: all of them
  Span span;
};

// `require CONDITION "label"`.
struct CheckpointRequirement {
  Expr condition;
  std::string label;  // empty: none written
  Span span;
};

// `checkpoint NAME "Title" before EVENT becomes VALUE`, then its clauses.
struct CheckpointDecl {
  Named name;
  std::string title;
  Named event, value;
  std::vector<Given> givens;
  std::vector<CheckpointRequirement> requirements;
  std::string cites;
  Named task, alert;  // `opens task`, `raises alert`; empty when not written
  Span span;
};

// Measures: recognised by the grammar; not yet given effect.
struct PromptDecl {
  std::string kind;  // "measure"
  Named name;
};

struct LiteralValue;
struct FieldValue {
  std::string name;
  Span span;
  std::shared_ptr<LiteralValue> value;  // null: a bare name, meaning yes
};

struct LiteralValue {
  enum class Kind { yes, no, unknown, number, text, date, timestamp, name, object };
  Kind kind = Kind::unknown;
  Span span;
  std::string text;
  double number = 0;
  std::vector<FieldValue> entries;
};

struct EventLiteral {
  Named type;
  std::string date;
  Span date_span;
  std::string recorded, id, amends;
  Span recorded_span;
  std::vector<FieldValue> fields;
};

struct Expectation {
  enum class Kind { decision, task_open, task_due, alert_raised, checkpoint_passes };
  Kind kind = Kind::decision;
  Named decision;  // or the task's, alert's or checkpoint's name
  bool negated = false;  // checkpoint_passes: `fails`
  LiteralValue value;
};

struct SettingChange {
  Named name;
  Expr value;
};

struct TestDecl {
  std::string name;
  Span span;
  std::string as_of;
  Span as_of_span;
  std::string known_at;
  Span known_at_span;
  std::vector<SettingChange> settings;
  std::vector<EventLiteral> events;
  std::vector<Expectation> expects;
};

struct File {
  const SourceFile* source = nullptr;
  bool is_tests = false;  // a `tests for PACK` file
  Named tests_for;
  PackHeader pack;
  std::vector<EnumDecl> enums;
  std::vector<EventDecl> events;
  std::vector<SettingDecl> settings;
  std::vector<CalendarDecl> calendars;
  std::vector<DecisionDecl> decisions;
  std::vector<TaskDecl> tasks;
  std::vector<AlertDecl> alerts;
  std::vector<WorkflowDecl> workflows;
  std::vector<CheckpointDecl> checkpoints;
  std::vector<PromptDecl> prompts;  // measures
  std::vector<TestDecl> tests;
};

}  // namespace carerules::ast
