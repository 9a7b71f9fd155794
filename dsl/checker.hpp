// The checker: resolves names, checks types, citations and dependencies, and
// turns the AST of a set of packs into a Program. Internal to dsl/.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/program.hpp"

namespace carerules {

// What names an expression can see.
struct Scope {
  int pack = -1;
  struct Local {
    std::string name;
    Type type;
  };
  std::vector<Local> locals;       // `given` names of the decision being checked
  std::vector<int> event_scopes;   // event types of the enclosing `where`s, innermost last
  std::vector<std::string> event_aliases;  // their `as` names (or empty), in step
  int record_scope = -1;           // `required when` conditions: the record's fields
  bool constant_only = false;      // settings: no decisions, no case history
  // A workflow no task uses: a name found nowhere may be a `given` name of the
  // tasks that will use it, so it is taken as unknown rather than refused.
  bool task_names_open = false;
  std::set<int>* decisions_read = nullptr;
  std::set<int>* settings_read = nullptr;
};

class Checker {
 public:
  Checker(Program& program, Diagnostics& diagnostics) : program_(program), diagnostics_(diagnostics) {}

  // Reads calendar files instead of the disk when set (LoadOptions::read_calendar).
  std::function<std::optional<std::string>(const std::string& path)> read_calendar;

  // Files come with the index of the pack they belong to.
  void check(const std::vector<std::pair<const ast::File*, int>>& files);

  // schema (check_schema.cpp)
  void declare_enum(const ast::EnumDecl& decl, int pack);
  void declare_event(const ast::EventDecl& decl, int pack);
  void check_event_fields(const ast::EventDecl& decl);
  Type resolve_type(const ast::TypeRef& ref, int pack, const std::string& record_name);
  int build_record(const std::vector<ast::FieldDecl>& fields, int pack, const std::string& name);
  void load_calendar(const ast::CalendarDecl& decl, int pack);

  // expressions (check_expression.cpp)
  std::optional<Expr> expr(const ast::Expr& e, Scope& scope, const Type* expected = nullptr);
  std::optional<Expr> condition(const ast::Expr& e, Scope& scope);

  // settings and decisions (check_decisions.cpp)
  int replacement_slot(const std::string& what, const ast::Named& name, const std::optional<ast::Named>& replaces,
                       const std::string& cites, int pack, const std::map<std::string, int>& by_name,
                       const std::function<std::pair<int, Span>(int)>& owner_of);
  void declare_setting(const ast::SettingDecl& decl, int pack);
  void declare_decision(const ast::DecisionDecl& decl, int pack);
  void check_decision(const ast::DecisionDecl& decl, int index);
  void order_decisions();
  std::vector<ExplainPiece> template_pieces(const std::string& text, const Span& at, Scope& scope);

  // tasks and alerts (check_prompts.cpp)
  std::vector<Given> givens(const std::vector<ast::Given>& decls, Scope& scope);
  void check_task(const ast::TaskDecl& decl, int pack);
  void check_alert(const ast::AlertDecl& decl, int pack);
  std::vector<int> checking_order() const;

  // workflows and checkpoints (check_workflows.cpp)
  void declare_workflow(const ast::WorkflowDecl& decl, int pack);
  void sort_workflows();
  // `using workflow W` on a task: W resolved, its transition conditions checked
  // with the task's `given` names (those in `scope`).
  void check_task_workflow(const ast::TaskDecl& decl, const Scope& scope, TaskDef& def);
  void check_unused_workflows();
  void check_checkpoint(const ast::CheckpointDecl& decl, int pack);

  // tests (check_tests.cpp)
  void check_test(const ast::TestDecl& decl, int pack);
  void check_checkpoint_expectation(const ast::Expectation& expect, TestDef& test);
  std::optional<DataValue> data_value(const ast::LiteralValue* literal, const Type& type, const Span& at,
                                      const std::string& what);

  bool visible(int from_pack, int declared_in) const;
  // Can `from_pack` replace what `declared_in` declares? Only through `extends`
  // (and what the extended packs use), never through `uses` alone.
  bool extends_reach(int from_pack, int declared_in) const;
  void compute_visibility();

 private:
  std::optional<Expr> name_expr(const ast::Expr& e, Scope& scope, const Type* expected);
  std::optional<Expr> member_expr(const ast::Expr& e, Scope& scope);
  std::optional<Expr> compare_expr(const ast::Expr& e, Scope& scope);
  std::optional<Expr> query_expr(const ast::Expr& e, Scope& scope);
  std::optional<Query> source(const ast::Source& s, Scope& scope);
  std::optional<Expr> enum_value(const std::string& name, const Type& type, const Span& at);
  int constant(DataValue v);
  void not_visible(const Span& at, const std::string& what, int declared_in, int from_pack);
  std::vector<std::string> names_in_scope(const Scope& scope) const;

  Program& program_;
  Diagnostics& diagnostics_;
  std::vector<std::set<int>> visible_;           // per pack: packs it can see
  std::vector<const ast::DecisionDecl*> decision_decls_;
  std::vector<const ast::SettingDecl*> setting_decls_;
  std::vector<const ast::WorkflowDecl*> workflow_decls_;  // parallel to Program::workflows
  std::vector<bool> workflow_used_;
  std::map<std::string, int> query_slot_by_text_;
};

bool is_numeric(const Type& t);

// A checked expression node carrying the source position of `from`.
inline Expr make_expr(Op op, Type type, const ast::Expr& from) {
  Expr e;
  e.op = op;
  e.type = type;
  e.span = from.span;
  e.end_span = from.end_span;
  return e;
}
bool same_type(const Type& a, const Type& b);

}  // namespace carerules
