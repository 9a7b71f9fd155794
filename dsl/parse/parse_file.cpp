#include "dsl/parse/parse_file.hpp"

#include <algorithm>
#include <fmt/format.h>

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

// The byte offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 99;
    if (extra == 99 || (extra == 1 && c < 0xC2) || i + extra >= text.size() + (extra == 0 ? 1 : 0)) return i;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    if (extra >= 2) {  // overlong forms, surrogates, and code points past U+10FFFF
      auto d = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90) ||
          c > 0xF4)
        return i;
    }
    i += extra + 1;
  }
  return std::string_view::npos;
}

// ANTLR reads text as UTF-8 and fails on anything else: say where, in words.
bool report_bad_encoding(const SourceFile& file, std::string_view text, Diagnostics& diagnostics) {
  std::size_t bad = first_invalid_utf8(text);
  if (bad == std::string_view::npos) return false;
  Span at;
  at.file = &file;
  at.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
  std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
  line_start = (line_start == std::string_view::npos || bad == 0) ? 0 : line_start + 1;
  at.column = 1;
  for (std::size_t k = line_start; k < bad; ++k)
    if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++at.column;
  diagnostics.error(at, "this file is not valid UTF-8 text", "save the file as UTF-8 (the usual setting of text editors)");
  return true;
}

}  // namespace

std::optional<ast::File> parse_care_file(const SourceFile& file, Diagnostics& diagnostics) {
  if (report_bad_encoding(file, file.text, diagnostics)) return std::nullopt;
  antlr4::ANTLRInputStream input(file.text);
  carerules_antlr::CareLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  // Two mistakes are reported here, once each, and repaired so that the parser
  // does not invent follow-on errors: an unclosed text, and a stray character.
  tokens.fill();
  int lexical_errors = 0;
  std::vector<long> lexical_error_tokens;
  for (antlr4::Token* token : tokens.getTokens()) {
    auto* t = dynamic_cast<antlr4::CommonToken*>(token);
    if (!t) continue;
    Span at;
    at.file = &file;
    at.line = static_cast<int>(t->getLine());
    at.column = static_cast<int>(t->getCharPositionInLine()) + 1;
    if (t->getType() == carerules_antlr::CareLexer::UNCLOSED_STRING) {
      at.length = static_cast<int>(t->getStopIndex() - t->getStartIndex() + 1);
      diagnostics.error(at, "this text has no closing `\"`", "close it with `\"` on the same line");
      t->setType(carerules_antlr::CareLexer::STRING);
      t->setText(t->getText() + "\"");
      ++lexical_errors;
      lexical_error_tokens.push_back(static_cast<long>(t->getTokenIndex()));
    } else if (t->getType() == carerules_antlr::CareLexer::BAD_CHARACTER) {
      diagnostics.error(at, fmt::format("`{}` has no meaning in a rule", t->getText()),
                        "remove it; text that is not a name or a number goes in double quotes");
      t->setChannel(antlr4::Token::HIDDEN_CHANNEL);
      ++lexical_errors;
      lexical_error_tokens.push_back(static_cast<long>(t->getTokenIndex()));
    }
  }
  tokens.reset();
  carerules_antlr::CareParser parser(&tokens);
  parse::DiagnosticListener listener(file, diagnostics);
  listener.one_error_per_declaration(&tokens);
  for (long index : lexical_error_tokens) listener.lexical_error_at(index);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<parse::PlainErrorStrategy>());
  auto* tree = parser.file_();
  if (listener.count() > 0 || lexical_errors > 0) return std::nullopt;
  parse::Transformer transformer(file);
  return transformer.transform_file(*tree);
}

}  // namespace carerules

namespace carerules {

std::optional<ast::Expr> parse_care_expression(const SourceFile& file, std::string_view text, Span at,
                                               Diagnostics& diagnostics) {
  if (first_invalid_utf8(text) != std::string_view::npos) {
    diagnostics.error(at, "this explanation is not valid UTF-8 text");
    return std::nullopt;
  }
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
