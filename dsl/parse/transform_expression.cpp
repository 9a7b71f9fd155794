// Expressions: parse-tree contexts -> ast::Expr.
#include <cstdlib>

#include "dsl/parse/transform.hpp"

namespace carerules::parse {

namespace {

ast::Expr node(ast::ExprKind kind, Span start, Span end) {
  ast::Expr e;
  e.kind = kind;
  e.span = start;
  e.end_span = end;
  return e;
}

std::string first_word(antlr4::ParserRuleContext* ctx) { return ctx->getStart()->getText(); }

bool has_word(antlr4::ParserRuleContext* ctx, const std::string& word) {
  for (auto* child : ctx->children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal && terminal->getText() == word) return true;
  }
  return false;
}

}  // namespace

ast::Expr Transformer::expr(P::ExprContext& ctx) { return or_expr(*ctx.orExpr()); }

ast::Expr Transformer::or_expr(P::OrExprContext& ctx) {
  auto parts = ctx.andExpr();
  if (parts.size() == 1) return and_expr(*parts[0]);
  ast::Expr e = node(ast::ExprKind::or_, span(&ctx), end_span(&ctx));
  for (auto* part : parts) e.args.push_back(and_expr(*part));
  return e;
}

ast::Expr Transformer::and_expr(P::AndExprContext& ctx) {
  auto parts = ctx.notExpr();
  if (parts.size() == 1) return not_expr(*parts[0]);
  ast::Expr e = node(ast::ExprKind::and_, span(&ctx), end_span(&ctx));
  for (auto* part : parts) e.args.push_back(not_expr(*part));
  return e;
}

ast::Expr Transformer::not_expr(P::NotExprContext& ctx) {
  if (ctx.compareExpr()) return compare_expr(*ctx.compareExpr());
  ast::Expr e = node(ast::ExprKind::not_, span(&ctx), end_span(&ctx));
  e.args.push_back(not_expr(*ctx.notExpr()));
  return e;
}

ast::Expr Transformer::compare_expr(P::CompareExprContext& ctx) {
  ast::Expr left = add_expr(*ctx.addExpr());
  auto* tail = ctx.compareTail();
  if (!tail) return left;
  ast::Expr e = node(ast::ExprKind::compare, span(&ctx), end_span(&ctx));
  e.negated = has_word(tail, "not");
  e.args.push_back(std::move(left));
  if (auto* symbol = dynamic_cast<P::CompareSymbolContext*>(tail)) {
    std::string op = symbol->compareOp()->getText();
    e.op = op == "=" ? ast::CompareOp::eq
         : op == "<>" ? ast::CompareOp::ne
         : op == "<" ? ast::CompareOp::lt
         : op == "<=" ? ast::CompareOp::le
         : op == ">" ? ast::CompareOp::gt
                     : ast::CompareOp::ge;
    e.args.push_back(add_expr(*symbol->addExpr()));
  } else if (dynamic_cast<P::CompareKnownContext*>(tail)) {
    e.kind = ast::ExprKind::is_known;
  } else if (auto* one_of = dynamic_cast<P::CompareOneOfContext*>(tail)) {
    e.kind = ast::ExprKind::one_of;
    for (auto* option : one_of->expr()) e.args.push_back(expr(*option));
  } else if (auto* words = dynamic_cast<P::CompareWordsContext*>(tail)) {
    std::string op = words->wordOp()->getText();  // words joined without spaces
    e.op = op == "atleast" ? ast::CompareOp::ge
         : op == "atmost" ? ast::CompareOp::le
         : op == "morethan" ? ast::CompareOp::gt
         : op == "lessthan" ? ast::CompareOp::lt
         : op == "after" ? ast::CompareOp::gt
         : op == "before" ? ast::CompareOp::lt
         : op == "onorafter" ? ast::CompareOp::ge
                             : ast::CompareOp::le;
    e.args.push_back(add_expr(*words->addExpr()));
  } else if (auto* is = dynamic_cast<P::CompareIsContext*>(tail)) {
    e.kind = ast::ExprKind::is;
    e.args.push_back(add_expr(*is->addExpr()));
  }
  return e;
}

ast::Expr Transformer::add_expr(P::AddExprContext& ctx) {
  auto operands = ctx.unaryExpr();
  ast::Expr result = unary_expr(*operands[0]);
  auto ops = ctx.addOp();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    ast::Expr e = node(ops[i]->getText() == "+" ? ast::ExprKind::add : ast::ExprKind::subtract,
                       result.span, end_span(operands[i + 1]));
    e.args.push_back(std::move(result));
    e.args.push_back(unary_expr(*operands[i + 1]));
    result = std::move(e);
  }
  return result;
}

ast::Expr Transformer::unary_expr(P::UnaryExprContext& ctx) {
  if (ctx.postfixExpr()) return postfix_expr(*ctx.postfixExpr());
  ast::Expr e = node(ast::ExprKind::negate, span(&ctx), end_span(&ctx));
  e.args.push_back(unary_expr(*ctx.unaryExpr()));
  return e;
}

ast::Expr Transformer::postfix_expr(P::PostfixExprContext& ctx) {
  ast::Expr result = primary(*ctx.primary());
  for (auto* member_name : ctx.name()) {
    ast::Expr e = node(ast::ExprKind::member, result.span, end_span(member_name));
    e.text = member_name->getText();
    e.args.push_back(std::move(result));
    result = std::move(e);
  }
  if (auto* that = ctx.thatAre()) {
    ast::Expr e = node(ast::ExprKind::that_are, result.span, end_span(that));
    e.negated = has_word(that, "not");
    e.args.push_back(std::move(result));
    if (that->addExpr()) e.args.push_back(add_expr(*that->addExpr()));
    for (auto* option : that->expr()) e.args.push_back(expr(*option));
    result = std::move(e);
  }
  return result;
}

ast::Expr Transformer::duration(P::DurationContext& ctx) {
  ast::Expr e = node(ast::ExprKind::duration, span(&ctx), end_span(&ctx));
  e.number = std::strtod(ctx.NUMBER()->getText().c_str(), nullptr);
  e.text = ctx.getText();
  e.working = has_word(&ctx, "working");
  std::string unit = ctx.unit()->getText();
  if (unit.rfind("day", 0) == 0) e.unit = ast::DurationUnit::days;
  else if (unit.rfind("week", 0) == 0) e.unit = ast::DurationUnit::weeks;
  else if (unit.rfind("month", 0) == 0) e.unit = ast::DurationUnit::months;
  else e.unit = ast::DurationUnit::years;
  return e;
}

std::shared_ptr<ast::Source> Transformer::source(P::SourceContext& ctx) {
  auto out = std::make_shared<ast::Source>();
  ast::Named n = named(ctx.name(0));
  out->name = n.name;
  out->name_span = n.span;
  if (ctx.alias) out->alias = ctx.alias->getText();
  if (ctx.expr()) out->where = std::make_unique<ast::Expr>(expr(*ctx.expr()));
  for (auto* w : ctx.window()) {
    ast::Window window;
    window.span = span(w);
    if (auto* last = dynamic_cast<P::WindowLastContext*>(w)) {
      window.kind = ast::WindowKind::last;
      window.value = std::make_unique<ast::Expr>(duration(*last->duration()));
    } else {
      P::AddExprContext* value = nullptr;
      if (auto* s = dynamic_cast<P::WindowSinceContext*>(w)) window.kind = ast::WindowKind::since, value = s->addExpr();
      if (auto* a = dynamic_cast<P::WindowAfterContext*>(w)) window.kind = ast::WindowKind::after, value = a->addExpr();
      if (auto* b = dynamic_cast<P::WindowBeforeContext*>(w)) window.kind = ast::WindowKind::before, value = b->addExpr();
      if (auto* u = dynamic_cast<P::WindowUntilContext*>(w)) window.kind = ast::WindowKind::until, value = u->addExpr();
      if (value) window.value = std::make_unique<ast::Expr>(add_expr(*value));
    }
    out->windows.push_back(std::move(window));
  }
  return out;
}

ast::Expr Transformer::primary(P::PrimaryContext& ctx) {
  Span start = span(&ctx), end = end_span(&ctx);
  if (auto* lit = dynamic_cast<P::LiteralPrimaryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::literal, start, end);
    auto* l = lit->literal();
    e.text = l->getText();
    if (l->NUMBER()) e.literal_kind = ast::LiteralKind::number, e.number = std::strtod(e.text.c_str(), nullptr);
    else if (l->STRING()) e.literal_kind = ast::LiteralKind::text, e.text = unquote(e.text);
    else if (l->DATE()) e.literal_kind = ast::LiteralKind::date;
    else if (l->TIMESTAMP()) e.literal_kind = ast::LiteralKind::timestamp;
    else if (e.text == "yes") e.literal_kind = ast::LiteralKind::yes;
    else if (e.text == "no") e.literal_kind = ast::LiteralKind::no;
    else e.literal_kind = ast::LiteralKind::unknown;
    return e;
  }
  if (auto* d = dynamic_cast<P::DurationPrimaryContext*>(&ctx)) return duration(*d->duration());
  if (auto* p = dynamic_cast<P::ParenPrimaryContext*>(&ctx)) {
    ast::Expr inner = expr(*p->expr());
    inner.span = start;  // keep the parentheses in the shown source text
    inner.end_span = end;
    return inner;
  }
  if (auto* q = dynamic_cast<P::PickQueryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::pick, start, end);
    e.latest = first_word(q) == "latest";
    e.source = source(*q->source());
    return e;
  }
  if (auto* q = dynamic_cast<P::AllQueryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::all, start, end);
    e.source = source(*q->source());
    return e;
  }
  if (auto* q = dynamic_cast<P::ExistsQueryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::exists, start, end);
    e.negated = first_word(q) == "no";
    e.source = source(*q->source());
    return e;
  }
  if (auto* q = dynamic_cast<P::DistinctQueryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::distinct, start, end);
    ast::Named field = named(q->name());
    e.text = field.name;
    e.end_span = field.span;  // where the field name is, for diagnostics
    e.source = source(*q->source());
    return e;
  }
  if (auto* q = dynamic_cast<P::CountQueryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::count, start, end);
    if (q->source()) e.source = source(*q->source());
    else e.args.push_back(postfix_expr(*q->postfixExpr()));
    return e;
  }
  if (auto* q = dynamic_cast<P::AtLeastOfContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::at_least_of, start, end);
    e.number = std::strtod(q->NUMBER()->getText().c_str(), nullptr);
    for (auto* option : q->expr()) e.args.push_back(expr(*option));
    return e;
  }
  if (auto* q = dynamic_cast<P::ExtremeOfContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::extreme, start, end);
    e.latest = has_word(q, "later");
    for (auto* option : q->expr()) e.args.push_back(expr(*option));
    return e;
  }
  if (auto* q = dynamic_cast<P::IfPrimaryContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::if_, start, end);
    for (auto* part : q->expr()) e.args.push_back(expr(*part));
    return e;
  }
  if (dynamic_cast<P::TodayPrimaryContext*>(&ctx)) return node(ast::ExprKind::today, start, end);
  if (auto* q = dynamic_cast<P::SetOfContext*>(&ctx)) {
    ast::Expr e = node(ast::ExprKind::set_of, start, end);
    for (auto* item : q->setItem()) {
      e.args.push_back(expr(*item->expr(0)));
      if (item->expr().size() > 1) {
        e.args.push_back(expr(*item->expr(1)));
      } else {
        ast::Expr always = node(ast::ExprKind::literal, span(item), end_span(item));
        always.literal_kind = ast::LiteralKind::yes;
        always.text = "yes";
        e.args.push_back(std::move(always));
      }
    }
    return e;
  }
  auto* n = dynamic_cast<P::NamePrimaryContext*>(&ctx);
  ast::Expr e = node(ast::ExprKind::name, start, end);
  e.text = n ? n->getText() : ctx.getText();
  return e;
}

}  // namespace carerules::parse
