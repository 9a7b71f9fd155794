// Test blocks: parse-tree contexts -> ast::TestDecl.
#include <cstdlib>

#include "dsl/parse/transform.hpp"

namespace carerules::parse {

ast::TestDecl Transformer::test_decl(P::TestDeclContext& ctx) {
  ast::TestDecl t;
  t.name = unquote(ctx.STRING()->getText());
  t.span = span(&ctx);
  for (auto* clause : ctx.testClause()) {
    if (auto* a = dynamic_cast<P::TestAsOfContext*>(clause)) {
      t.as_of = a->DATE()->getText();
      t.as_of_span = span(a->DATE()->getSymbol());
    } else if (auto* k = dynamic_cast<P::TestKnownAtContext*>(clause)) {
      t.known_at = k->TIMESTAMP()->getText();
      t.known_at_span = span(k->TIMESTAMP()->getSymbol());
    } else if (auto* s = dynamic_cast<P::TestSettingContext*>(clause)) {
      t.settings.push_back({named(s->name()), expr(*s->expr())});
    } else if (auto* g = dynamic_cast<P::TestGivenContext*>(clause)) {
      t.events.push_back(event_literal(*g->eventLiteral()));
    } else if (auto* task = dynamic_cast<P::TestExpectTaskContext*>(clause)) {
      ast::Expectation x;
      x.decision = named(task->name());
      x.kind = task->DATE() ? ast::Expectation::Kind::task_due : ast::Expectation::Kind::task_open;
      for (auto* child : task->children)
        if (child->getText() == "not") x.negated = true;
      if (task->DATE()) {
        x.value.kind = ast::LiteralValue::Kind::date;
        x.value.text = task->DATE()->getText();
        x.value.span = span(task->DATE()->getSymbol());
      }
      t.expects.push_back(std::move(x));
    } else if (auto* alert = dynamic_cast<P::TestExpectAlertContext*>(clause)) {
      ast::Expectation x;
      x.decision = named(alert->name());
      x.kind = ast::Expectation::Kind::alert_raised;
      for (auto* child : alert->children)
        if (child->getText() == "not") x.negated = true;
      t.expects.push_back(std::move(x));
    } else if (auto* checkpoint = dynamic_cast<P::TestExpectCheckpointContext*>(clause)) {
      ast::Expectation x;
      x.decision = named(checkpoint->name());
      x.kind = ast::Expectation::Kind::checkpoint_passes;
      for (auto* child : checkpoint->children)
        if (child->getText() == "fails") x.negated = true;
      x.value.kind = ast::LiteralValue::Kind::date;
      x.value.text = checkpoint->DATE()->getText();
      x.value.span = span(checkpoint->DATE()->getSymbol());
      t.expects.push_back(std::move(x));
    } else if (auto* e = dynamic_cast<P::TestExpectContext*>(clause)) {
      ast::Expectation x;
      x.decision = named(e->name());
      for (auto* child : e->children) {
        auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
        if (terminal && terminal->getText() == "not") x.negated = true;
      }
      x.value = literal_value(*e->literalValue());
      t.expects.push_back(std::move(x));
    }
  }
  return t;
}

ast::EventLiteral Transformer::event_literal(P::EventLiteralContext& ctx) {
  ast::EventLiteral e;
  e.type = named(ctx.name());
  e.date = ctx.DATE()->getText();
  e.date_span = span(ctx.DATE()->getSymbol());
  for (auto* option : ctx.eventOption()) {
    if (auto* r = dynamic_cast<P::EventRecordedContext*>(option)) {
      e.recorded = r->TIMESTAMP()->getText();
      e.recorded_span = span(r->TIMESTAMP()->getSymbol());
    } else if (auto* i = dynamic_cast<P::EventIdContext*>(option)) {
      e.id = unquote(i->STRING()->getText());
    } else if (auto* a = dynamic_cast<P::EventAmendsContext*>(option)) {
      e.amends = unquote(a->STRING()->getText());
    }
  }
  for (auto* f : ctx.fieldValue()) e.fields.push_back(field_value(*f));
  return e;
}

ast::FieldValue Transformer::field_value(P::FieldValueContext& ctx) {
  ast::FieldValue f;
  ast::Named n = named(ctx.name());
  f.name = n.name;
  f.span = n.span;
  if (ctx.literalValue()) f.value = std::make_shared<ast::LiteralValue>(literal_value(*ctx.literalValue()));
  return f;
}

ast::LiteralValue Transformer::literal_value(P::LiteralValueContext& ctx) {
  using Kind = ast::LiteralValue::Kind;
  ast::LiteralValue v;
  v.span = span(&ctx);
  v.text = ctx.getText();
  if (ctx.NUMBER()) {
    v.kind = Kind::number;
    v.number = std::strtod(ctx.NUMBER()->getText().c_str(), nullptr);
    if (!v.text.empty() && v.text[0] == '-') v.number = -v.number;
  } else if (ctx.STRING()) {
    v.kind = Kind::text;
    v.text = unquote(ctx.STRING()->getText());
  } else if (ctx.DATE()) {
    v.kind = Kind::date;
  } else if (ctx.TIMESTAMP()) {
    v.kind = Kind::timestamp;
  } else if (ctx.name()) {
    v.kind = Kind::name;
  } else if (v.text == "yes") {
    v.kind = Kind::yes;
  } else if (v.text == "no") {
    v.kind = Kind::no;
  } else if (v.text == "unknown") {
    v.kind = Kind::unknown;
  } else {
    v.kind = Kind::object;
    for (auto* f : ctx.fieldValue()) v.entries.push_back(field_value(*f));
  }
  return v;
}

}  // namespace carerules::parse
