// The auditors' REPL commands as parsed: one small struct per command, the
// words typed kept with the column they start at, so that a message about a
// word (an unknown case, a date that does not exist) can point at it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace carerules::auditor {

struct Token {
  std::string text;     // without quotes
  int column = 0;       // 1-based, in the line typed
  bool quoted = false;  // written in double quotes
};

namespace command {

struct Help {
  std::optional<Token> topic;
};
struct Quit {};
struct Status {};
struct Runs {};
struct SelectRun {
  Token number;
};
struct ShowRun {};
struct Packs {};
struct Settings {};
struct Cases {
  std::optional<Token> prefix;
};
struct SelectCase {
  Token id;
};
struct History {};
struct ShowEvent {
  Token id;
};
// `as of DATE` / `as of run` (no date: back to the run's own).
struct AsOf {
  std::optional<Token> date;
};
// `known at TIMESTAMP` / `known at DATE` (the end of that day) / `known at run`.
struct KnownAt {
  std::optional<Token> time;
};
struct Decisions {};
struct Why {
  Token decision;
};
struct WhyNot {
  Token decision;
};
struct Replay {
  bool all = false;
};
// One `FIELD = VALUE` of `what if`.
struct Assignment {
  Token field, value;
};
struct WhatIf {
  std::vector<Assignment> changes;
};
struct DiffPack {
  Token from, to;
  bool all = false;  // `over all cases`
};
struct Tasks {};
struct Alerts {};
struct Checkpoints {};

}  // namespace command

using Command = std::variant<command::Help, command::Quit, command::Status, command::Runs, command::SelectRun,
                             command::ShowRun, command::Packs, command::Settings, command::Cases, command::SelectCase,
                             command::History, command::ShowEvent, command::AsOf, command::KnownAt, command::Decisions,
                             command::Why, command::WhyNot, command::Replay, command::WhatIf, command::DiffPack,
                             command::Tasks, command::Alerts, command::Checkpoints>;

// What was wrong with a line: where (1-based column; length of the part at
// fault), what was expected, and a hint.
struct ParseError {
  int column = 1;
  int length = 1;
  std::string message;
  std::string help;
};

struct ParsedLine {
  std::optional<Command> command;  // none for a blank line or an error
  std::optional<ParseError> error;
};

// Parses one line typed at the REPL (Spirit X3, command_grammar.cpp). Never
// throws: every mistake comes back as a ParseError with its column.
ParsedLine parse_command(std::string_view line);

// "error at column 9: expected ...", the line, a caret under the place, and
// the help, each on its own line (no final newline).
std::string render_parse_error(std::string_view line, const ParseError& error);

}  // namespace carerules::auditor
