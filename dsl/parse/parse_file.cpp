#include "dsl/parse/parse_file.hpp"

#include "CareLexer.h"
#include "CareParser.h"
#include "dsl/parse/syntax_errors.hpp"
#include "dsl/parse/transform.hpp"

namespace carerules {

namespace {

// Lexer errors become BAD_CHARACTER tokens reported by the parser, so the
// lexer itself stays silent.
class SilentListener : public antlr4::BaseErrorListener {
  void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string&,
                   std::exception_ptr) override {}
};

}  // namespace

std::optional<ast::File> parse_care_file(const SourceFile& file, Diagnostics& diagnostics) {
  antlr4::ANTLRInputStream input(file.text);
  carerules_antlr::CareLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  carerules_antlr::CareParser parser(&tokens);
  parse::DiagnosticListener listener(file, diagnostics);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<parse::PlainErrorStrategy>());
  auto* tree = parser.file_();
  if (listener.count() > 0) return std::nullopt;
  parse::Transformer transformer(file);
  return transformer.transform_file(*tree);
}

}  // namespace carerules

namespace carerules {

std::optional<ast::Expr> parse_care_expression(const SourceFile& file, std::string_view text, Span at,
                                               Diagnostics& diagnostics) {
  antlr4::ANTLRInputStream input(std::string{text});
  carerules_antlr::CareLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  carerules_antlr::CareParser parser(&tokens);
  Diagnostics local;
  parse::DiagnosticListener listener(file, local);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<parse::PlainErrorStrategy>());
  auto* tree = parser.standaloneExpr();
  if (listener.count() > 0) {
    for (const Diagnostic& d : local.all()) {
      std::string message = d.message;
      // The {...} part, not the file, is what ends too early.
      const std::string file_ends = "the file ends too early";
      if (message.rfind(file_ends, 0) == 0) message.replace(0, file_ends.size(), "it ends too early");
      diagnostics.error(at, "in this explanation's {...}: " + message, "write a value such as {a.wellbeing_impact}");
    }
    return std::nullopt;
  }
  // Positions inside the template point at the template itself.
  parse::Transformer transformer(file);
  ast::Expr e = transformer.expr(*tree->expr());
  std::vector<ast::Expr*> stack{&e};
  while (!stack.empty()) {
    ast::Expr* x = stack.back();
    stack.pop_back();
    x->span = at;
    x->end_span = at;
    for (auto& arg : x->args) stack.push_back(&arg);
  }
  return e;
}

}  // namespace carerules
