// Diagnostics are values: collected while checking, then sorted, de-duplicated
// and rendered once, each as `FILE:LINE:COL: error: message` with the source
// line, a caret under the offending text and, where we can, a `help:` line.
#pragma once
#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace carerules {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  Span span;
  std::string file;       // the file's path (copied: diagnostics outlive the sources)
  std::string line_text;  // the offending line (copied)
  std::string message;
  std::string help;
};

class Diagnostics {
 public:
  void error(const Span& span, std::string message, std::string help = {});
  void warning(const Span& span, std::string message, std::string help = {});
  void error_in_file(std::string file, std::string message);
  void add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }
  // Adds `note` to the help of every diagnostic from index `first` on: the
  // context in which they were found (e.g. the task a workflow is checked for).
  void add_note(std::size_t first, const std::string& note);
  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& all() const { return items_; }
  // Sorted by file, line and column, duplicates removed.
  std::vector<Diagnostic> sorted() const;
  // The whole report; `colour` adds ANSI colour (only on a terminal).
  std::string render(bool colour) const;

 private:
  std::vector<Diagnostic> items_;
};

std::string render_diagnostic(const Diagnostic& d, bool colour);

// The known name closest to `wrong`, or empty when none is close enough to suggest.
std::string closest_name(const std::string& wrong, const std::vector<std::string>& known);

}  // namespace carerules
