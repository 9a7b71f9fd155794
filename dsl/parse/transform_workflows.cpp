// Workflows and checkpoints -> AST.
#include "dsl/parse/transform.hpp"

namespace carerules::parse {

ast::WorkflowDecl Transformer::workflow_decl(P::WorkflowDeclContext& ctx) {
  ast::WorkflowDecl w;
  w.name = named(ctx.name());
  if (ctx.STRING()) w.title = unquote(ctx.STRING()->getText());
  w.span = span(&ctx);
  for (auto* clause : ctx.workflowClause()) {
    if (auto* states = dynamic_cast<P::WorkflowStatesContext*>(clause)) {
      std::vector<ast::Named> line;
      for (auto* n : states->name()) line.push_back(named(n));
      w.states.push_back(std::move(line));
      w.states_spans.push_back(span(states));
    } else if (auto* t = dynamic_cast<P::WorkflowTransitionContext*>(clause)) {
      w.transitions.push_back({named(t->name(0)), named(t->name(1)), expr(*t->expr()), span(t)});
    } else if (auto* e = dynamic_cast<P::WorkflowEscalateContext*>(clause)) {
      w.escalations.push_back({named(e->name(0)), named(e->name(1)), expr(*e->expr()), span(e)});
    } else if (auto* a = dynamic_cast<P::WorkflowAlertContext*>(clause)) {
      w.due_alerts.push_back(named(a->name()));
    } else if (auto* actions = dynamic_cast<P::WorkflowActionsContext*>(clause)) {
      for (auto* n : actions->name()) w.actions.push_back(named(n));
    }
  }
  return w;
}

ast::CheckpointDecl Transformer::checkpoint_decl(P::CheckpointDeclContext& ctx) {
  ast::CheckpointDecl c;
  auto names = ctx.name();
  c.name = named(names[0]);
  c.event = named(names[1]);
  c.value = named(names[2]);
  if (ctx.STRING()) c.title = unquote(ctx.STRING()->getText());
  c.span = span(&ctx);
  for (auto* clause : ctx.checkpointClause()) {
    if (auto* g = dynamic_cast<P::CheckpointGivenContext*>(clause)) {
      c.givens.push_back({named(g->name()), expr(*g->expr())});
    } else if (auto* r = dynamic_cast<P::CheckpointRequireContext*>(clause)) {
      ast::CheckpointRequirement requirement{expr(*r->expr()), "", span(r)};
      if (r->STRING()) requirement.label = unquote(r->STRING()->getText());
      c.requirements.push_back(std::move(requirement));
    } else if (auto* cites = dynamic_cast<P::CheckpointCitesContext*>(clause)) {
      c.cites = unquote(cites->citation()->STRING()->getText());
    } else if (auto* task = dynamic_cast<P::CheckpointTaskContext*>(clause)) {
      c.task = named(task->name());
    } else if (auto* alert = dynamic_cast<P::CheckpointAlertContext*>(clause)) {
      c.alert = named(alert->name());
    }
  }
  return c;
}

}  // namespace carerules::parse
