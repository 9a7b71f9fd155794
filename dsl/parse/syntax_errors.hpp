// ANTLR's messages ("no viable alternative at input ...") rewritten in words a
// policy lead understands: what was found, and what could have come there.
#pragma once
#include "CareParser.h"
#include "dsl/diagnostics.hpp"

namespace carerules::parse {

// Reports each syntax error once, in plain words, and recovers so that one
// run finds as many errors as it can.
class PlainErrorStrategy : public antlr4::DefaultErrorStrategy {
 protected:
  void reportNoViableAlternative(antlr4::Parser* recognizer, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* recognizer, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* recognizer, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* recognizer) override;
  void reportMissingToken(antlr4::Parser* recognizer) override;
};

// Collects the rewritten messages as diagnostics.
class DiagnosticListener : public antlr4::BaseErrorListener {
 public:
  DiagnosticListener(const SourceFile& file, Diagnostics& diagnostics) : file_(file), diagnostics_(diagnostics) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& message, std::exception_ptr e) override;
  int count() const { return count_; }
  // With the tokens, only the first error of each declaration is reported:
  // the ones after it in the same declaration are nearly always knock-on errors.
  void one_error_per_declaration(antlr4::TokenStream* tokens) { tokens_ = tokens; }
  // Errors already reported by the lexing step count as earlier errors.
  void lexical_error_at(long token_index) { lexical_errors_.push_back(token_index); }

 private:
  bool starts_new_declaration_since_last_error(antlr4::Token* offending) const;
  antlr4::TokenStream* tokens_ = nullptr;
  long last_error_token_ = -1;
  std::vector<long> lexical_errors_;  // in order
  const SourceFile& file_;
  Diagnostics& diagnostics_;
  int count_ = 0;
};

// "`when`", "a name", "the end of the file", ...
std::string describe_token_type(size_t type);
std::string describe_found(const antlr4::Token* token);
std::string describe_expected(const antlr4::misc::IntervalSet& expected);

}  // namespace carerules::parse
