// Shared helpers of the parser tests.
#pragma once
#pragma GCC diagnostic ignored "-Wunused-function"
// The parse step: .care text -> ast::File. These tests read the AST the
// parser builds (no checking), and the syntax errors it reports.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parse/parse_file.hpp"
#include "dsl/source.hpp"

using namespace carerules;

namespace {

// A parsed file together with the source text its spans point into.
struct Parsed {
  std::unique_ptr<SourceFile> source;
  Diagnostics diagnostics;
  std::optional<ast::File> file;
};

std::unique_ptr<Parsed> parse(const std::string& text, const std::string& path = "test.care") {
  auto p = std::make_unique<Parsed>();
  p->source = std::make_unique<SourceFile>();
  p->source->path = path;
  p->source->text = text;
  p->file = parse_care_file(*p->source, p->diagnostics);
  return p;
}

// Parses a file that must have no syntax errors.
std::unique_ptr<Parsed> parse_ok(const std::string& text) {
  auto p = parse(text);
  INFO(p->diagnostics.render(false));
  REQUIRE_FALSE(p->diagnostics.has_errors());
  REQUIRE(p->file.has_value());
  return p;
}

const std::string kHeader = "pack t.p \"A pack\"\n  version 1\n  in force from 2020-01-01\n";

std::string show(const ast::Expr& e);

std::string show_all(const std::vector<ast::Expr>& args, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < args.size(); ++i) out += " " + show(args[i]);
  return out;
}

std::string show_source(const ast::Source& s) {
  std::string out = "{" + s.name;
  if (s.where) out += " where " + show(*s.where);
  for (const ast::Window& w : s.windows) {
    const char* kind = w.kind == ast::WindowKind::last    ? "last"
                       : w.kind == ast::WindowKind::since ? "since"
                       : w.kind == ast::WindowKind::after ? "after"
                       : w.kind == ast::WindowKind::before ? "before"
                                                            : "until";
    out += std::string("; ") + kind + " " + (w.value ? show(*w.value) : "?");
  }
  return out + "}";
}

const char* op_text(ast::CompareOp op) {
  switch (op) {
    case ast::CompareOp::eq: return "=";
    case ast::CompareOp::ne: return "<>";
    case ast::CompareOp::lt: return "<";
    case ast::CompareOp::le: return "<=";
    case ast::CompareOp::gt: return ">";
    case ast::CompareOp::ge: return ">=";
  }
  return "?";
}

// An expression as an S-expression, so that a shape is one string to compare.
std::string show(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::literal:
      switch (e.literal_kind) {
        case ast::LiteralKind::yes: return "yes";
        case ast::LiteralKind::no: return "no";
        case ast::LiteralKind::unknown: return "unknown";
        case ast::LiteralKind::number: return "#" + e.text;
        case ast::LiteralKind::text: return "\"" + e.text + "\"";
        case ast::LiteralKind::date: return "d:" + e.text;
        case ast::LiteralKind::timestamp: return "t:" + e.text;
      }
      return "?literal";
    case K::duration: {
      const char* unit = e.unit == ast::DurationUnit::days    ? "days"
                         : e.unit == ast::DurationUnit::weeks  ? "weeks"
                         : e.unit == ast::DurationUnit::months ? "months"
                                                               : "years";
      char number[32];
      std::snprintf(number, sizeof number, "%g", e.number);
      return std::string("(") + number + (e.working ? " working " : " ") + unit + ")";
    }
    case K::name: return e.text;
    case K::today: return "today";
    case K::member: return "(. " + show(e.args.at(0)) + " " + e.text + ")";
    case K::that_are:
      return std::string(e.negated ? "(that-are-not" : "(that-are") + show_all(e.args) + ")";
    case K::not_: return "(not" + show_all(e.args) + ")";
    case K::and_: return "(and" + show_all(e.args) + ")";
    case K::or_: return "(or" + show_all(e.args) + ")";
    case K::compare:
      return std::string("(") + (e.negated ? "!" : "") + op_text(e.op) + show_all(e.args) + ")";
    case K::is: return std::string(e.negated ? "(is-not" : "(is") + show_all(e.args) + ")";
    case K::is_known: return std::string(e.negated ? "(not-known" : "(known") + show_all(e.args) + ")";
    case K::one_of: return std::string(e.negated ? "(not-one-of" : "(one-of") + show_all(e.args) + ")";
    case K::add: return "(+" + show_all(e.args) + ")";
    case K::subtract: return "(-" + show_all(e.args) + ")";
    case K::negate: return "(neg" + show_all(e.args) + ")";
    case K::pick:
      return std::string(e.latest ? "(latest " : "(first ") + (e.source ? show_source(*e.source) : "?") + ")";
    case K::all: return "(all " + (e.source ? show_source(*e.source) : "?") + ")";
    case K::exists:
      return std::string(e.negated ? "(no " : "(any ") + (e.source ? show_source(*e.source) : "?") + ")";
    case K::distinct: return "(distinct " + e.text + " " + (e.source ? show_source(*e.source) : "?") + ")";
    case K::count: return "(count " + (e.source ? show_source(*e.source) : show(e.args.at(0))) + ")";
    case K::at_least_of: {
      char number[32];
      std::snprintf(number, sizeof number, "%g", e.number);
      return std::string("(at-least ") + number + show_all(e.args) + ")";
    }
    case K::extreme: return std::string(e.latest ? "(later" : "(earlier") + show_all(e.args) + ")";
    case K::if_: return "(if" + show_all(e.args) + ")";
    case K::set_of: return "(set-of" + show_all(e.args) + ")";
  }
  return "?";
}

// The value of `decision d ... value EXPR`, parsed in a real pack file so that
// spans are real.
struct ParsedExpr {
  std::unique_ptr<Parsed> parsed;
  const ast::Expr& expr() const { return parsed->file->decisions.at(0).cases.at(0).value; }
  std::string shape() const { return show(expr()); }
};

ParsedExpr parse_expr(const std::string& text) {
  ParsedExpr out{parse_ok(kHeader + "decision d \"D\"\n  value " + text + "\n")};
  REQUIRE(out.parsed->file->decisions.size() == 1);
  REQUIRE(out.parsed->file->decisions[0].cases.size() == 1);
  return out;
}

std::string shape(const std::string& text) { return parse_expr(text).shape(); }

// A syntax error message must be plain English: no ANTLR wording, no token names.
void check_plain(const std::string& message) {
  INFO(message);
  CHECK(message.find("viable") == std::string::npos);
  CHECK(message.find("mismatched") == std::string::npos);
  CHECK(message.find("extraneous") == std::string::npos);
  CHECK(message.find("missing '") == std::string::npos);
  for (const char* token : {"IDENT", "STRING", "NUMBER", "DATE", "TIMESTAMP", "VERSION", "BAD_CHARACTER", "<EOF>"})
    CHECK(message.find(token) == std::string::npos);
  CHECK(message.find("{'") == std::string::npos);  // ANTLR's token-set notation
}


}  // namespace

// ================================================================ pack header
