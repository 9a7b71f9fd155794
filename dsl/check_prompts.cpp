// Tasks and alerts: the prompts that decisions raise for practitioners.
// (The workflow a task uses is checked in check_workflows.cpp.)
#include <fmt/format.h>

#include "dsl/checker.hpp"

namespace carerules {

std::vector<Given> Checker::givens(const std::vector<ast::Given>& decls, Scope& scope) {
  std::vector<Given> out;
  for (const ast::Given& g : decls) {
    auto value = expr(g.value, scope);
    scope.locals.push_back({g.name.name, value ? value->type : Type{}});
    out.push_back({g.name.name, value ? std::move(*value) : Expr{}, g.name.span});
  }
  return out;
}

void Checker::check_task(const ast::TaskDecl& decl, int pack) {
  for (const TaskDef& other : program_.tasks)
    if (other.name == decl.name.name) {
      diagnostics_.error(decl.name.span, fmt::format("the task `{}` is declared twice", decl.name.name),
                         fmt::format("the first is at {}:{}", other.span.file->path, other.span.line));
      return;
    }
  std::set<int> decisions_read, settings_read;
  Scope scope;
  scope.pack = pack;
  scope.decisions_read = &decisions_read;
  scope.settings_read = &settings_read;
  TaskDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.team = decl.team.name;
  def.cites = decl.cites;
  def.workflow = decl.workflow.name;
  def.pack = pack;
  def.span = decl.name.span;
  if (decl.cites.empty())
    diagnostics_.error(decl.name.span, fmt::format("the task `{}` does not cite the law or policy behind it", def.name),
                       "add a line such as `cites \"Care Act 2014, s.13(2)\"`");
  def.givens = givens(decl.givens, scope);
  if (decl.team.name.empty())
    diagnostics_.error(decl.name.span, fmt::format("the task `{}` does not say which team does it", def.name),
                       "add a line such as `for team assessment`");
  auto when = condition(decl.when, scope);
  if (when) def.when = std::move(*when);
  if (decl.done) {
    if (auto done = condition(*decl.done, scope)) def.done = std::move(*done);
  }
  if (decl.due) {
    auto due = expr(*decl.due, scope);
    if (due && due->type.kind != TypeKind::date && due->type.kind != TypeKind::unknown)
      diagnostics_.error(decl.due->span, fmt::format("a task is due on a date, but this is {}", type_name(program_, due->type)),
                         "for example `due assessed_on + 5 working days`");
    else if (due) def.due = std::move(*due);
  }
  if (decl.about) {
    auto about = expr(*decl.about, scope);
    if (about && about->type.kind != TypeKind::event && about->type.kind != TypeKind::unknown)
      diagnostics_.error(decl.about->span, fmt::format("a task is about an event (such as the assessment it follows), but this is {}",
                                                       type_name(program_, about->type)));
    else if (about) def.about = std::move(*about);
  }
  check_task_workflow(decl, scope, def);
  program_.tasks.push_back(std::move(def));
}

void Checker::check_alert(const ast::AlertDecl& decl, int pack) {
  for (const AlertDef& other : program_.alerts)
    if (other.name == decl.name.name) {
      diagnostics_.error(decl.name.span, fmt::format("the alert `{}` is declared twice", decl.name.name),
                         fmt::format("the first is at {}:{}", other.span.file->path, other.span.line));
      return;
    }
  std::set<int> decisions_read, settings_read;
  Scope scope;
  scope.pack = pack;
  scope.decisions_read = &decisions_read;
  scope.settings_read = &settings_read;
  AlertDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.severity = decl.severity.name;
  def.recipient = decl.recipient.name;
  def.cites = decl.cites;
  def.pack = pack;
  def.span = decl.name.span;
  if (decl.cites.empty())
    diagnostics_.error(decl.name.span, fmt::format("the alert `{}` does not cite the law or policy behind it", def.name),
                       "add a line such as `cites \"Care Act 2014, s.27(1)\"`");
  if (def.severity != "high" && def.severity != "medium" && def.severity != "low")
    diagnostics_.error(decl.severity.name.empty() ? decl.name.span : decl.severity.span,
                       decl.severity.name.empty() ? fmt::format("the alert `{}` has no severity", def.name)
                                                  : fmt::format("`{}` is not a severity", def.severity),
                       "write `severity high`, `severity medium` or `severity low`");
  def.givens = givens(decl.givens, scope);
  if (def.recipient.empty())
    diagnostics_.error(decl.name.span, fmt::format("the alert `{}` does not say who receives it", def.name),
                       "add a line such as `to team_manager`");
  auto when = condition(decl.when, scope);
  if (when) def.when = std::move(*when);
  def.message = template_pieces(decl.message.empty() ? decl.title : decl.message,
                                decl.message.empty() ? decl.name.span : decl.message_span, scope);
  program_.alerts.push_back(std::move(def));
}

}  // namespace carerules
