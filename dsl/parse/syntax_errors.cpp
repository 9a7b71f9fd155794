#include "dsl/parse/syntax_errors.hpp"

#include <fmt/format.h>
#include <set>

#include "CareLexer.h"

namespace carerules::parse {

using L = carerules_antlr::CareLexer;
using P = carerules_antlr::CareParser;

namespace {

const antlr4::dfa::Vocabulary& vocabulary_of_parser() {
  static antlr4::ANTLRInputStream input("");
  static L lexer(&input);
  static antlr4::CommonTokenStream tokens(&lexer);
  static P parser(&tokens);
  return parser.getVocabulary();
}

bool has(const antlr4::misc::IntervalSet& set, size_t type) { return set.contains(static_cast<size_t>(type)); }

// "unexpected X; expected Y", or, at the end of the file, "the file ends too early; expected Y".
std::string unexpected(const antlr4::Token* token, const std::string& expected) {
  if (!token || token->getType() == antlr4::Token::EOF) return fmt::format("the file ends too early; expected {}", expected);
  return fmt::format("unexpected {}; expected {}", describe_found(token), expected);
}

}  // namespace

std::string describe_token_type(size_t type) {
  switch (type) {
    case antlr4::Token::EOF: return "the end of the file";
    case L::IDENT: return "a name";
    case L::STRING: return "a quoted text";
    case L::NUMBER: return "a number";
    case L::DATE: return "a date like 2025-04-01";
    case L::TIMESTAMP: return "a time like 2025-04-01T09:30:00Z";
    case L::VERSION: return "a version number";
    case L::BAD_CHARACTER: return "a character that has no meaning here";
    default: break;
  }
  const antlr4::dfa::Vocabulary& vocabulary = vocabulary_of_parser();
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') literal = literal.substr(1, literal.size() - 2);
  return fmt::format("`{}`", literal);
}

std::string describe_found(const antlr4::Token* token) {
  if (!token || token->getType() == antlr4::Token::EOF) return "the end of the file";
  std::string text = token->getText();
  if (text == "\"") return "`\"`, which starts a text with no closing `\"` on the same line";
  return fmt::format("`{}`", text);
}

std::string describe_expected(const antlr4::misc::IntervalSet& expected) {
  std::vector<size_t> types;
  for (const auto& interval : expected.getIntervals())
    for (ssize_t t = interval.a; t <= interval.b; ++t) types.push_back(static_cast<size_t>(t));
  bool expression = has(expected, L::NUMBER) && has(expected, L::DATE) && has(expected, L::IDENT);
  if (expression) return "a value or a condition (a name, a number, a date, `yes`, `no`, a query such as `latest ...`)";
  bool name = has(expected, L::IDENT);
  std::vector<std::string> words;
  if (name) words.push_back("a name");
  for (size_t t : types) {
    if (name && t != L::IDENT && t != L::STRING && t != L::NUMBER && t != L::DATE && t != antlr4::Token::EOF) {
      // keywords that may also be names are covered by "a name"
      std::string lit = vocabulary_of_parser().getLiteralName(t);
      if (lit.size() > 2 && std::isalpha(static_cast<unsigned char>(lit[1]))) continue;
    }
    if (t == L::IDENT) continue;
    words.push_back(describe_token_type(t));
  }
  if (words.empty()) return "something else";
  if (words.size() > 8) {
    words.resize(8);
    words.push_back("...");
  }
  if (words.size() == 1) return words[0];
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? " or " : ", ";
    out += words[i];
  }
  return out;
}

void PlainErrorStrategy::reportNoViableAlternative(antlr4::Parser* recognizer,
                                                   const antlr4::NoViableAltException& e) {
  antlr4::Token* token = e.getOffendingToken();
  std::string message = unexpected(token, describe_expected(e.getExpectedTokens()));
  recognizer->notifyErrorListeners(token, message, std::make_exception_ptr(e));
}

void PlainErrorStrategy::reportInputMismatch(antlr4::Parser* recognizer, const antlr4::InputMismatchException& e) {
  antlr4::Token* token = e.getOffendingToken();

  std::string message = unexpected(token, describe_expected(e.getExpectedTokens()));
  recognizer->notifyErrorListeners(token, message, std::make_exception_ptr(e));
}

void PlainErrorStrategy::reportFailedPredicate(antlr4::Parser* recognizer,
                                               const antlr4::FailedPredicateException& e) {
  recognizer->notifyErrorListeners(e.getOffendingToken(), "this is not allowed here", std::make_exception_ptr(e));
}

void PlainErrorStrategy::reportUnwantedToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  antlr4::Token* token = recognizer->getCurrentToken();
  std::string message = unexpected(token, describe_expected(getExpectedTokens(recognizer)));
  recognizer->notifyErrorListeners(token, message, nullptr);
}

void PlainErrorStrategy::reportMissingToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  antlr4::Token* token = recognizer->getCurrentToken();
  std::string message = fmt::format("{} is missing before {}", describe_expected(getExpectedTokens(recognizer)),
                                    describe_found(token));
  recognizer->notifyErrorListeners(token, message, nullptr);
}

bool DiagnosticListener::starts_new_declaration_since_last_error(antlr4::Token* offending) const {
  static const std::set<std::string> starts{"pack", "tests", "enum", "event", "setting", "calendar", "decision",
                                            "when", "workflow", "checkpoint", "measure", "test"};
  auto end = static_cast<long>(offending->getTokenIndex());
  for (long i = last_error_token_ + 1; i <= end; ++i) {
    antlr4::Token* t = tokens_->get(static_cast<size_t>(i));
    if (t->getCharPositionInLine() == 0 && starts.count(t->getText())) return true;
  }
  return false;
}

void DiagnosticListener::syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t line, size_t column,
                                     const std::string& message, std::exception_ptr) {
  ++count_;
  if (tokens_ && offending) {
    auto index = static_cast<long>(offending->getTokenIndex());
    for (long lexical : lexical_errors_)
      if (lexical < index && lexical > last_error_token_) last_error_token_ = lexical;
    bool report = last_error_token_ < 0 || starts_new_declaration_since_last_error(offending);
    last_error_token_ = static_cast<long>(offending->getTokenIndex());
    if (!report) return;
  }
  Span span;
  span.file = &file_;
  span.line = static_cast<int>(line);
  span.column = static_cast<int>(column) + 1;
  span.length = 1;
  std::string help;
  std::string text = message;
  if (tokens_ && offending && offending->getTokenIndex() > 0 && offending->getType() != antlr4::Token::EOF) {
    antlr4::Token* previous = tokens_->get(offending->getTokenIndex() - 1);
    if (previous->getText() == offending->getText()) {
      text = fmt::format("`{}` is written twice", offending->getText());
      help = "remove one of them";
    } else if (previous->getText() == "is") {
      text = fmt::format("after `is`, say what it is, or what it is compared with; found {}", describe_found(offending));
      help = "for example `is significant`, `is yes`, `is known` or `is at least 2`";
    }
  }
  if (offending && offending->getType() != antlr4::Token::EOF) {
    auto start = offending->getStartIndex(), stop = offending->getStopIndex();
    if (stop >= start) span.length = static_cast<int>(stop - start + 1);
  }
  bool keyword = offending && offending->getText().size() > 1 &&
                 std::isalpha(static_cast<unsigned char>(offending->getText()[0])) &&
                 offending->getType() != carerules_antlr::CareLexer::IDENT;
  if (!help.empty()) {
  } else if (keyword && message.find("expected a name") != std::string::npos)
    help = fmt::format("`{}` is a word of the rule language and cannot be used as a name here; choose another name",
                       offending->getText());
  else if (message.find("`\"`, which starts a text") != std::string::npos)
    help = "close the text with `\"` before the end of the line";
  else if (message.rfind("`when` is missing before", 0) == 0)
    help = "a title goes in double quotes (`decision name \"Title\"`); a case is written `VALUE when CONDITION`";
  else if (message.find("expected a quoted text") != std::string::npos ||
           message.rfind("a quoted text is missing", 0) == 0)
    help = "titles, citations and explanations are written in double quotes, like \"Care Act 2014, s.13\"";
  diagnostics_.error(span, text, help);
}

}  // namespace carerules::parse
