// A rule file's text and positions inside it. Every AST node, diagnostic and
// trace line points back here.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace carerules {

struct SourceFile {
  std::string path;
  std::string text;
  // The text of line `line` (1-based), without its line break.
  std::string_view line_text(int line) const;
};

// A place in a source file: 1-based line and column, length in characters.
struct Span {
  const SourceFile* file = nullptr;
  int line = 0;
  int column = 0;
  int length = 1;
  bool known() const { return file != nullptr && line > 0; }
};

// Source text of a span (used to show conditions as their author wrote them).
std::string span_text(const Span& from, const Span& to);

}  // namespace carerules
