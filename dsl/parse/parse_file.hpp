// The parse step: .care text -> ast::File. The only place ANTLR is used.
#pragma once
#include <optional>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"

namespace carerules {

// Parses one file. Syntax errors go to `diagnostics` in plain words; when there
// are any, the result is empty (a half-read file is never checked).
std::optional<ast::File> parse_care_file(const SourceFile& file, Diagnostics& diagnostics);

}  // namespace carerules

namespace carerules {
// Parses an expression written inside a text (an `explain` template's {...}).
// `at` is where the expression starts, for diagnostics.
std::optional<ast::Expr> parse_care_expression(const SourceFile& file, std::string_view text, Span at,
                                               Diagnostics& diagnostics);
}  // namespace carerules
