// Every REPL command once: its syntax, an example and what it does. `help`
// prints this list, completion offers its words, and a misspelt command is
// matched against it.
#pragma once
#include <string>
#include <vector>

namespace carerules::auditor {

struct CommandInfo {
  const char* words;    // what it starts with: "why not"
  const char* syntax;   // "why not NAME"
  const char* example;  // "why not adult_eligible"
  const char* summary;  // one line, plain English
  const char* detail;   // more, for `help COMMAND` (may be empty)
};

// In the order `help` shows them.
const std::vector<CommandInfo>& command_list();

// The first word of every command, sorted, each once: for completion and
// for "did you mean".
const std::vector<std::string>& command_words();

// The command `help TOPIC` is about (TOPIC: its first word or words), or null.
const CommandInfo* find_command(const std::string& topic);

}  // namespace carerules::auditor
