// Parse tree -> AST, one function per grammar area (Kuzu's Transformer style).
// Internal to dsl/parse: it names ANTLR context types.
#pragma once
#include "CareParser.h"
#include "dsl/ast.hpp"

namespace carerules::parse {

using P = carerules_antlr::CareParser;

class Transformer {
 public:
  explicit Transformer(const SourceFile& file) : file_(file) {}

  ast::File transform_file(P::File_Context& ctx);

  // expressions (transform_expression.cpp)
  ast::Expr expr(P::ExprContext& ctx);
  ast::Expr or_expr(P::OrExprContext& ctx);
  ast::Expr and_expr(P::AndExprContext& ctx);
  ast::Expr not_expr(P::NotExprContext& ctx);
  ast::Expr compare_expr(P::CompareExprContext& ctx);
  ast::Expr add_expr(P::AddExprContext& ctx);
  ast::Expr unary_expr(P::UnaryExprContext& ctx);
  ast::Expr postfix_expr(P::PostfixExprContext& ctx);
  ast::Expr primary(P::PrimaryContext& ctx);
  ast::Expr duration(P::DurationContext& ctx);
  std::shared_ptr<ast::Source> source(P::SourceContext& ctx);

  // declarations (transform_items.cpp)
  void item(P::ItemContext& ctx, ast::File& out);
  ast::PackHeader pack_header(P::PackHeaderContext& ctx);
  ast::EnumDecl enum_decl(P::EnumDeclContext& ctx);
  ast::EventDecl event_decl(P::EventDeclContext& ctx);
  ast::FieldDecl field_decl(P::FieldDeclContext& ctx);
  ast::TypeRef type_ref(P::TypeRefContext& ctx);
  ast::SettingDecl setting_decl(P::SettingDeclContext& ctx);
  ast::CalendarDecl calendar_decl(P::CalendarDeclContext& ctx);
  ast::DecisionDecl decision_decl(P::DecisionDeclContext& ctx);
  ast::TaskDecl task_decl(P::TaskDeclContext& ctx);
  ast::AlertDecl alert_decl(P::AlertDeclContext& ctx);

  // workflows and checkpoints (transform_workflows.cpp)
  ast::WorkflowDecl workflow_decl(P::WorkflowDeclContext& ctx);
  ast::CheckpointDecl checkpoint_decl(P::CheckpointDeclContext& ctx);

  // tests (transform_tests.cpp)
  ast::TestDecl test_decl(P::TestDeclContext& ctx);
  ast::EventLiteral event_literal(P::EventLiteralContext& ctx);
  ast::FieldValue field_value(P::FieldValueContext& ctx);
  ast::LiteralValue literal_value(P::LiteralValueContext& ctx);

  // positions and tokens
  Span span(const antlr4::Token* token) const;
  Span span(antlr4::ParserRuleContext* ctx) const { return span(ctx->getStart()); }
  Span end_span(antlr4::ParserRuleContext* ctx) const { return span(ctx->getStop()); }
  ast::Named named(P::NameContext* ctx) const;
  ast::Named named(P::QualifiedNameContext* ctx) const;
  static std::string unquote(const std::string& quoted);

 private:
  const SourceFile& file_;
};

}  // namespace carerules::parse
