#include "repl/auditor/line_reader.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <editline/readline.h>
#include <iostream>
#include <vector>

namespace carerules::auditor {

namespace {

// libedit's completion hooks are plain functions: they find the words here.
const CompletionSources* active_sources = nullptr;
std::vector<std::string> matches;
std::size_t next_match = 0;

char* next_completion(const char*, int state) {
  if (state == 0) next_match = 0;
  if (next_match >= matches.size()) return nullptr;
  return ::strdup(matches[next_match++].c_str());
}

char** completions(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // never the file names readline offers by default
  if (!active_sources) return nullptr;
  matches = complete(std::string_view(rl_line_buffer, static_cast<std::size_t>(start)), text, *active_sources);
  if (matches.empty()) return nullptr;
  return rl_completion_matches(text, next_completion);
}

}  // namespace

LineReader::LineReader(bool terminal, CompletionSources sources) : terminal_(terminal), sources_(std::move(sources)) {
  if (!terminal_) return;
  rl_readline_name = "carerules";
  using_history();
  active_sources = &sources_;
  rl_attempted_completion_function = completions;
}

LineReader::~LineReader() {
  if (terminal_) active_sources = nullptr;
}

std::optional<std::string> LineReader::read(const std::string& prompt) {
  if (!terminal_) {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  char* raw = ::readline(prompt.c_str());
  if (!raw) return std::nullopt;
  std::string line(raw);
  std::free(raw);
  if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
  return line;
}

}  // namespace carerules::auditor
