// Reading command lines: on a terminal through libedit (a prompt, history,
// tab completion); from a pipe or a file, plain lines, with no prompt and
// nothing written back, so that scripts and tests can drive the REPL.
#pragma once
#include <optional>
#include <string>

#include "repl/auditor/completion.hpp"

namespace carerules::auditor {

class LineReader {
 public:
  // `terminal`: standard input and output are both terminals.
  LineReader(bool terminal, CompletionSources sources);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line, without its line break; nullopt at the end of input.
  std::optional<std::string> read(const std::string& prompt);

 private:
  bool terminal_;
  CompletionSources sources_;
};

}  // namespace carerules::auditor
