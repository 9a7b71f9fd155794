// Declarations: packs, schema, settings, calendars, decisions -> AST.
#include "dsl/parse/transform.hpp"

namespace carerules::parse {

Span Transformer::span(const antlr4::Token* token) const {
  Span s;
  if (!token) return s;
  s.file = &file_;
  s.line = static_cast<int>(token->getLine());
  s.column = static_cast<int>(token->getCharPositionInLine()) + 1;
  auto start = token->getStartIndex(), stop = token->getStopIndex();
  s.length = (stop >= start && stop != INVALID_INDEX) ? static_cast<int>(stop - start + 1) : 1;
  return s;
}

ast::Named Transformer::named(P::NameContext* ctx) const { return {ctx->getText(), span(ctx)}; }

ast::Named Transformer::named(P::QualifiedNameContext* ctx) const {
  ast::Named n{ctx->getText(), span(ctx)};
  Span end = end_span(ctx);
  if (end.line == n.span.line) n.span.length = end.column + end.length - n.span.column;
  return n;
}

std::string Transformer::unquote(const std::string& quoted) {
  std::string out;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\' && i + 2 < quoted.size()) {
      char next = quoted[++i];
      out += next == 'n' ? '\n' : next;
    } else {
      out += c;
    }
  }
  return out;
}

ast::File Transformer::transform_file(P::File_Context& ctx) {
  ast::File out;
  out.source = &file_;
  auto* header = ctx.header();
  if (auto* tests = header->testsHeader()) {
    out.is_tests = true;
    out.tests_for = named(tests->qualifiedName());
  } else {
    out.pack = pack_header(*header->packHeader());
  }
  for (auto* item_ctx : ctx.item()) item(*item_ctx, out);
  return out;
}

ast::PackHeader Transformer::pack_header(P::PackHeaderContext& ctx) {
  ast::PackHeader h;
  h.name = named(ctx.qualifiedName());
  h.title = unquote(ctx.STRING()->getText());
  for (auto* clause : ctx.packClause()) {
    if (auto* v = dynamic_cast<P::PackVersionContext*>(clause)) {
      h.version = v->version()->getText();
      h.version_span = span(v->version());
    } else if (auto* f = dynamic_cast<P::PackInForceContext*>(clause)) {
      auto dates = f->DATE();
      h.in_force_from = dates[0]->getText();
      h.in_force_span = span(dates[0]->getSymbol());
      if (dates.size() > 1) {
        h.in_force_until = dates[1]->getText();
        h.in_force_until_span = span(dates[1]->getSymbol());
      }
    } else if (auto* a = dynamic_cast<P::PackAuthorityContext*>(clause)) {
      h.authority = unquote(a->STRING()->getText());
    } else if (auto* u = dynamic_cast<P::PackUsesContext*>(clause)) {
      for (auto* q : u->qualifiedName()) h.uses.push_back(named(q));
    } else if (auto* e = dynamic_cast<P::PackExtendsContext*>(clause)) {
      for (auto* q : e->qualifiedName()) h.extends.push_back(named(q));
    }
  }
  return h;
}

void Transformer::item(P::ItemContext& ctx, ast::File& out) {
  if (auto* e = ctx.enumDecl()) out.enums.push_back(enum_decl(*e));
  else if (auto* ev = ctx.eventDecl()) out.events.push_back(event_decl(*ev));
  else if (auto* s = ctx.settingDecl()) out.settings.push_back(setting_decl(*s));
  else if (auto* c = ctx.calendarDecl()) out.calendars.push_back(calendar_decl(*c));
  else if (auto* d = ctx.decisionDecl()) out.decisions.push_back(decision_decl(*d));
  else if (auto* t = ctx.testDecl()) out.tests.push_back(test_decl(*t));
  else if (auto* task = ctx.taskDecl()) out.tasks.push_back(task_decl(*task));
  else if (auto* alert = ctx.alertDecl()) out.alerts.push_back(alert_decl(*alert));
  else if (auto* w = ctx.workflowDecl()) out.workflows.push_back(workflow_decl(*w));
  else if (auto* cp = ctx.checkpointDecl()) out.checkpoints.push_back(checkpoint_decl(*cp));
  else if (auto* m = ctx.measureDecl()) out.prompts.push_back({"measure", named(m->name())});
}

ast::EnumDecl Transformer::enum_decl(P::EnumDeclContext& ctx) {
  ast::EnumDecl d;
  d.name = named(ctx.name());
  if (ctx.STRING()) d.title = unquote(ctx.STRING()->getText());
  for (auto* v : ctx.enumValue())
    d.values.push_back({v->name()->getText(), unquote(v->STRING()->getText()), span(v)});
  return d;
}

ast::EventDecl Transformer::event_decl(P::EventDeclContext& ctx) {
  ast::EventDecl d;
  d.name = named(ctx.name());
  if (ctx.STRING()) d.title = unquote(ctx.STRING()->getText());
  for (auto* f : ctx.fieldDecl()) d.fields.push_back(field_decl(*f));
  return d;
}

ast::FieldDecl Transformer::field_decl(P::FieldDeclContext& ctx) {
  ast::FieldDecl f;
  ast::Named n = named(ctx.name());
  f.name = n.name;
  f.span = n.span;
  for (auto* child : ctx.children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal && terminal->getText() == "optional") f.optional = true;
  }
  f.type = type_ref(*ctx.typeRef());
  if (ctx.expr()) f.required_when = expr(*ctx.expr());
  return f;
}

ast::TypeRef Transformer::type_ref(P::TypeRefContext& ctx) {
  ast::TypeRef t;
  t.span = span(&ctx);
  if (dynamic_cast<P::BoolTypeContext*>(&ctx)) {
    t.kind = ast::TypeRef::Kind::boolean;
    t.name = "yes/no";
  } else if (auto* s = dynamic_cast<P::SetTypeContext*>(&ctx)) {
    t.kind = ast::TypeRef::Kind::set;
    t.element.push_back(type_ref(*s->typeRef()));
  } else if (auto* m = dynamic_cast<P::MapTypeContext*>(&ctx)) {
    t.kind = ast::TypeRef::Kind::map;
    t.name = m->name(0)->getText();
    t.key = m->name(1)->getText();
    t.key_span = span(m->name(1));
  } else if (auto* r = dynamic_cast<P::RecordTypeContext*>(&ctx)) {
    t.kind = ast::TypeRef::Kind::record;
    for (auto* f : r->fieldDecl()) t.fields.push_back(field_decl(*f));
  } else if (auto* n = dynamic_cast<P::NamedTypeContext*>(&ctx)) {
    t.kind = ast::TypeRef::Kind::named;
    t.name = n->name()->getText();
  }
  return t;
}

ast::SettingDecl Transformer::setting_decl(P::SettingDeclContext& ctx) {
  ast::SettingDecl s;
  s.name = named(ctx.name());
  s.value = expr(*ctx.expr());
  if (ctx.STRING()) s.title = unquote(ctx.STRING()->getText());
  if (ctx.replaces()) s.replaces = named(ctx.replaces()->qualifiedName());
  if (ctx.citation()) s.cites = unquote(ctx.citation()->STRING()->getText());
  return s;
}

ast::CalendarDecl Transformer::calendar_decl(P::CalendarDeclContext& ctx) {
  ast::CalendarDecl c;
  c.name = named(ctx.name());
  auto strings = ctx.STRING();
  c.path = unquote(strings.back()->getText());
  c.path_span = span(strings.back()->getSymbol());
  if (strings.size() > 1) c.title = unquote(strings[0]->getText());
  return c;
}

ast::DecisionDecl Transformer::decision_decl(P::DecisionDeclContext& ctx) {
  ast::DecisionDecl d;
  d.name = named(ctx.name());
  if (ctx.STRING()) d.title = unquote(ctx.STRING()->getText());
  if (ctx.replaces()) d.replaces = named(ctx.replaces()->qualifiedName());
  for (auto* clause : ctx.decisionClause()) {
    if (auto* t = dynamic_cast<P::DecisionTypeContext*>(clause)) {
      d.type = type_ref(*t->typeRef());
    } else if (auto* c = dynamic_cast<P::DecisionCitesContext*>(clause)) {
      d.cites = unquote(c->citation()->STRING()->getText());
      d.cites_span = span(c);
    } else if (auto* g = dynamic_cast<P::DecisionGivenContext*>(clause)) {
      d.givens.push_back({named(g->name()), expr(*g->expr())});
    } else if (auto* x = dynamic_cast<P::DecisionExplainContext*>(clause)) {
      d.explain = unquote(x->STRING()->getText());
      d.explain_span = span(x->STRING()->getSymbol());
    } else if (auto* w = dynamic_cast<P::DecisionCaseContext*>(clause)) {
      ast::DecisionCase c;
      c.kind = ast::DecisionCase::Kind::when;
      c.span = span(w);
      c.value = expr(*w->expr(0));
      c.condition = expr(*w->expr(1));
      d.cases.push_back(std::move(c));
    } else if (auto* o = dynamic_cast<P::DecisionOtherwiseContext*>(clause)) {
      ast::DecisionCase c;
      c.kind = ast::DecisionCase::Kind::otherwise;
      c.span = span(o);
      c.value = expr(*o->expr());
      d.cases.push_back(std::move(c));
    } else if (auto* v = dynamic_cast<P::DecisionValueContext*>(clause)) {
      ast::DecisionCase c;
      c.kind = ast::DecisionCase::Kind::value;
      c.span = span(v);
      c.value = expr(*v->expr());
      d.cases.push_back(std::move(c));
    }
  }
  return d;
}

ast::TaskDecl Transformer::task_decl(P::TaskDeclContext& ctx) {
  ast::TaskDecl t;
  t.name = named(ctx.name());
  t.title = unquote(ctx.STRING()->getText());
  t.when = expr(*ctx.expr());
  t.span = span(&ctx);
  for (auto* clause : ctx.taskClause()) {
    if (auto* team = dynamic_cast<P::TaskTeamContext*>(clause)) t.team = named(team->name());
    else if (auto* g = dynamic_cast<P::TaskGivenContext*>(clause)) t.givens.push_back({named(g->name()), expr(*g->expr())});
    else if (auto* due = dynamic_cast<P::TaskDueContext*>(clause)) t.due = expr(*due->expr());
    else if (auto* about = dynamic_cast<P::TaskSubjectContext*>(clause)) t.about = expr(*about->expr());
    else if (auto* done = dynamic_cast<P::TaskDoneContext*>(clause)) t.done = expr(*done->expr());
    else if (auto* cites = dynamic_cast<P::TaskCitesContext*>(clause)) t.cites = unquote(cites->citation()->STRING()->getText());
    else if (auto* workflow = dynamic_cast<P::TaskWorkflowContext*>(clause)) t.workflow = named(workflow->name());
  }
  return t;
}

ast::AlertDecl Transformer::alert_decl(P::AlertDeclContext& ctx) {
  ast::AlertDecl a;
  a.name = named(ctx.name());
  a.title = unquote(ctx.STRING()->getText());
  a.when = expr(*ctx.expr());
  a.span = span(&ctx);
  for (auto* clause : ctx.alertClause()) {
    if (auto* severity = dynamic_cast<P::AlertSeverityContext*>(clause)) a.severity = named(severity->name());
    else if (auto* g = dynamic_cast<P::AlertGivenContext*>(clause)) a.givens.push_back({named(g->name()), expr(*g->expr())});
    else if (auto* to = dynamic_cast<P::AlertRecipientContext*>(clause)) a.recipient = named(to->name());
    else if (auto* message = dynamic_cast<P::AlertMessageContext*>(clause)) {
      a.message = unquote(message->STRING()->getText());
      a.message_span = span(message->STRING()->getSymbol());
    } else if (auto* cites = dynamic_cast<P::AlertCitesContext*>(clause)) {
      a.cites = unquote(cites->citation()->STRING()->getText());
    }
  }
  return a;
}

}  // namespace carerules::parse
