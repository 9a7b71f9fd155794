// The REPL's command language, in Spirit X3. Each command starts with its own
// word; after that word every part is expected (`>`), so a mistake is caught
// where it is and named in plain words by the rule that failed ("a date
// written YYYY-MM-DD"). A line whose first word is no command gets the
// nearest command's name.
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <functional>

#include "dsl/diagnostics.hpp"
#include "engine/calendar/date.hpp"
#include "engine/event_schema.hpp"
#include "repl/auditor/command.hpp"
#include "repl/auditor/command_list.hpp"

BOOST_FUSION_ADAPT_STRUCT(carerules::auditor::command::Assignment, field, value)
BOOST_FUSION_ADAPT_STRUCT(carerules::auditor::command::DiffPack, from, to, all)

namespace carerules::auditor {

namespace {

namespace x3 = boost::spirit::x3;
using Iterator = const char*;

// Where the line starts (for columns), and the command being built.
struct line_start_tag;
struct result_tag;

template <typename Context>
int column_at(const Context& ctx, Iterator at) {
  return static_cast<int>(at - x3::get<line_start_tag>(ctx)) + 1;
}

template <typename Context>
Command& result(const Context& ctx) {
  return x3::get<result_tag>(ctx).get();
}

// Character sets, not character classes: a line may hold any bytes, and the
// classes are only defined for ASCII.
const auto blank = x3::char_(" \t\r\n\v\f");
const auto word_char = ~x3::char_(" \t\r\n\v\f\"");
const auto name_char = x3::char_("a-zA-Z0-9_");
const auto digit = x3::char_("0-9");

// A command word, whole (not the start of a longer word), in any case.
auto kw(const char* word) { return x3::lexeme[x3::no_case[x3::lit(word)] >> !name_char]; }

// A part of a command with a name: what an error says was expected.
template <typename Attribute = x3::unused_type, typename Parser>
auto named(const char* name, const Parser& p) {
  return x3::rule<struct named_part, Attribute>{name} = x3::as_parser(p);
}

// Makes the Token of the text matched by raw[...].
struct make_token {
  bool quoted = false;
  template <typename Context>
  void operator()(Context& ctx) const {
    const auto& range = x3::_attr(ctx);
    Token& token = x3::_val(ctx);
    token.text.assign(range.begin(), range.end());
    token.column = column_at(ctx, range.begin()) - (quoted ? 1 : 0);
    token.quoted = quoted;
  }
};

const auto closing_quote = named("a closing quote `\"`", x3::lit('"'));

// A word, or any text in double quotes.
auto token(const char* name) {
  return x3::rule<struct token_part, Token>{name} =
             x3::lexeme['"' >> x3::raw[*~x3::char_('"')][make_token{true}] > closing_quote] |
             x3::raw[x3::lexeme[+word_char]][make_token{}];
}

const auto end = named("the end of the command", x3::eoi);

const auto date = x3::rule<struct date_part, Token>{"a date written YYYY-MM-DD"} = x3::raw[x3::lexeme[
    x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >> x3::repeat(2)[digit] >> !word_char]][make_token{}];

const auto time = x3::rule<struct time_part, Token>{"a time written YYYY-MM-DDThh:mm:ssZ, or a date"} =
    x3::raw[x3::lexeme[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >> x3::repeat(2)[digit] >>
                       -(x3::lit('T') >> x3::repeat(2)[digit] >> ':' >> x3::repeat(2)[digit] >> ':' >>
                         x3::repeat(2)[digit] >> 'Z') >>
                       !word_char]][make_token{}];

// `run` in `as of run`, `known at run`: back to the run's own.
const auto the_run = kw("run") >> x3::attr(Token{});

const auto run_number = x3::rule<struct run_number_part, Token>{"a run number, such as 2"} =
    x3::raw[x3::lexeme[+digit >> !word_char]][make_token{}];

const auto rest_of_line = x3::rule<struct rest_part, Token>{"a command name"} =
    x3::raw[x3::lexeme[*x3::char_]][make_token{}];

// `what if` values: text in quotes, JSON written out ({...} or [...], to the
// end of the line), or a word (true, 12, significant, 2026-03-05).
const auto value = x3::rule<struct value_part, Token>{"a value, such as true, 12, significant or \"text\""} =
    x3::lexeme['"' >> x3::raw[*~x3::char_('"')][make_token{true}] > closing_quote] |
    x3::raw[x3::lexeme[x3::char_("{[") >> *x3::char_]][make_token{}] |
    x3::raw[x3::lexeme[+word_char]][make_token{}];

const auto field_path = x3::rule<struct field_part, Token>{"a field, such as assessment.wellbeing_impact"} =
    x3::raw[x3::lexeme[+(name_char | x3::char_("."))]][make_token{}];

const auto assignment = x3::rule<struct assignment_part, command::Assignment>{"a change written FIELD = VALUE"} =
    field_path > named("`=`", x3::lit('=')) > value;

const auto pack_ref = token("a rule file's hash (8 or more of its first hex digits) or the path of a .care file or folder");

const auto over_all_cases =
    x3::matches[kw("over") > named("`all`, as in `over all cases`", kw("all")) >
                named("`cases`, as in `over all cases`", kw("cases"))];

const auto diff_sides = x3::rule<struct diff_part, command::DiffPack>{"two rule files"} =
    pack_ref > pack_ref > over_all_cases;

template <typename C>
struct set_command {
  template <typename Context>
  void operator()(Context& ctx) const {
    result(ctx) = C{};
  }
};

// A command of one word (or two), with nothing after it.
template <typename C, typename Words>
auto plain(const Words& words) {
  return (words > end)[set_command<C>{}];
}

std::optional<Token> given(const Token& t) {
  if (t.text.empty() && !t.quoted) return std::nullopt;
  return t;
}

const auto help = (kw("help") > rest_of_line)[([](auto& ctx) {
  Token topic = x3::_attr(ctx);
  while (!topic.text.empty() && std::isspace(static_cast<unsigned char>(topic.text.back()))) topic.text.pop_back();
  result(ctx) = command::Help{given(topic)};
})];

const auto select_run = (kw("run") > run_number > end)[([](auto& ctx) {
  result(ctx) = command::SelectRun{x3::_attr(ctx)};
})];

const auto show_run = plain<command::ShowRun>(kw("show") > named("`run`, as in `show run`", kw("run")));

const auto cases =
    (kw("cases") > -token("the start of the case ids to list, such as AT-01") > end)[([](auto& ctx) {
      const auto& prefix = x3::_attr(ctx);
      result(ctx) = command::Cases{prefix ? std::optional<Token>(*prefix) : std::nullopt};
    })];

const auto select_case = (kw("case") > token("a case id, such as AT-0240") > end)[([](auto& ctx) {
  result(ctx) = command::SelectCase{x3::_attr(ctx)};
})];

const auto show_event = (kw("event") > token("an event id, such as AT-0240-e5") > end)[([](auto& ctx) {
  result(ctx) = command::ShowEvent{x3::_attr(ctx)};
})];

const auto as_of = (kw("as") > named("`of`, as in `as of 2026-03-05`", kw("of")) >
                    named<Token>("a date written YYYY-MM-DD, or `run` for the run's own date", the_run | date) > end)
    [([](auto& ctx) { result(ctx) = command::AsOf{given(x3::_attr(ctx))}; })];

const auto known_at = (kw("known") > named("`at`, as in `known at 2026-03-06T17:00:00Z`", kw("at")) >
                       named<Token>("a time written YYYY-MM-DDThh:mm:ssZ, a date, or `run` for the run's own",
                                    the_run | time) >
                       end)[([](auto& ctx) { result(ctx) = command::KnownAt{given(x3::_attr(ctx))}; })];

const auto decision_name = token("a decision name, such as adult_eligible");

// `why not NAME` before `why NAME`: `not` is a word of its own.
const auto why_not = (kw("why") >> kw("not") > decision_name > end)[([](auto& ctx) {
  result(ctx) = command::WhyNot{x3::_attr(ctx)};
})];

const auto why = (kw("why") > decision_name > end)[([](auto& ctx) { result(ctx) = command::Why{x3::_attr(ctx)}; })];

const auto replay = (kw("replay") > x3::matches[kw("all")] > end)[([](auto& ctx) {
  result(ctx) = command::Replay{x3::_attr(ctx)};
})];

const auto what_if =
    (kw("what") > named("`if`, as in `what if assessment.wellbeing_impact = significant`", kw("if")) >
     named<std::vector<command::Assignment>>("a change written FIELD = VALUE", assignment % kw("and")) >
     named("`and` another change, or the end of the command", x3::eoi))[([](auto& ctx) {
      result(ctx) = command::WhatIf{x3::_attr(ctx)};
    })];

const auto diff_pack = (kw("diff") > named("`pack`, as in `diff pack HASH1 HASH2`", kw("pack")) > diff_sides > end)
    [([](auto& ctx) { result(ctx) = x3::_attr(ctx); })];

const auto command_line = help | plain<command::Quit>(kw("quit") | kw("exit")) | plain<command::Status>(kw("status")) |
                          plain<command::Runs>(kw("runs")) | select_run | show_run | plain<command::Packs>(kw("packs")) |
                          plain<command::Settings>(kw("settings")) | cases | select_case |
                          plain<command::History>(kw("history")) | show_event | as_of | known_at |
                          plain<command::Decisions>(kw("decisions")) | why_not | why | replay | what_if | diff_pack |
                          plain<command::Tasks>(kw("tasks")) | plain<command::Alerts>(kw("alerts")) |
                          plain<command::Checkpoints>(kw("checkpoints"));

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// The word starting at `at` (to the next blank).
std::string_view word_at(std::string_view line, std::size_t at) {
  std::size_t end_of_word = at;
  while (end_of_word < line.size() && !is_blank(line[end_of_word])) ++end_of_word;
  return line.substr(at, end_of_word - at);
}

// The command the line starts with, for its example in a message.
const CommandInfo* command_of(std::string_view line) {
  const CommandInfo* best = nullptr;
  std::string words;
  std::size_t at = 0;
  for (int n = 0; n < 2; ++n) {
    while (at < line.size() && is_blank(line[at])) ++at;
    std::string_view w = word_at(line, at);
    if (w.empty()) break;
    if (!words.empty()) words += ' ';
    for (char c : w) words += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    at += w.size();
    if (const CommandInfo* found = find_command(words)) best = found;
  }
  // `show`, `as`: the command whose words start with the first one typed.
  if (!best && !words.empty()) {
    const std::string first = words.substr(0, words.find(' ')) + " ";
    for (const CommandInfo& c : command_list())
      if (std::string_view(c.words).substr(0, first.size()) == first) return &c;
  }
  return best;
}

ParseError error_at(std::string_view line, std::size_t at, std::string expected) {
  while (at < line.size() && is_blank(line[at])) ++at;
  ParseError error;
  error.column = static_cast<int>(at) + 1;
  std::string_view found = word_at(line, at);
  error.length = std::max<int>(1, static_cast<int>(found.size()));
  error.message = fmt::format("expected {}", expected);
  if (found.empty()) error.message += ", but the command ends there";
  else error.message += fmt::format("; found `{}`", found);
  if (const CommandInfo* c = command_of(line)) error.help = fmt::format("for example: {}", c->example);
  return error;
}

ParseError error_at_token(const Token& token, std::string message) {
  ParseError error;
  error.column = token.column;
  error.length = std::max<int>(1, static_cast<int>(token.text.size()) + (token.quoted ? 2 : 0));
  error.message = std::move(message);
  return error;
}

// What the grammar leaves to be checked: dates that exist, numbers that fit.
std::optional<ParseError> check_values(const Command& command) {
  if (const auto* c = std::get_if<command::AsOf>(&command)) {
    if (c->date && !parse_date(c->date->text)) return error_at_token(*c->date, date_problem(c->date->text));
  } else if (const auto* k = std::get_if<command::KnownAt>(&command)) {
    if (k->time && k->time->text.size() == 10 && !parse_date(k->time->text))
      return error_at_token(*k->time, date_problem(k->time->text));
    if (k->time && k->time->text.size() > 10 && !parse_timestamp(k->time->text))
      return error_at_token(*k->time, timestamp_problem(k->time->text));
  } else if (const auto* r = std::get_if<command::SelectRun>(&command)) {
    if (r->number.text.size() > 18)
      return error_at_token(r->number, fmt::format("there is no run {}; `runs` lists them", r->number.text));
  }
  return std::nullopt;
}

}  // namespace

ParsedLine parse_command(std::string_view line) {
  ParsedLine parsed;
  std::size_t first_word = 0;
  while (first_word < line.size() && is_blank(line[first_word])) ++first_word;
  if (first_word == line.size() || line[first_word] == '#') return parsed;  // blank, or a comment
  Command command;
  Iterator begin = line.data(), first = begin, last = line.data() + line.size();
  const auto parser = x3::with<line_start_tag>(begin)[x3::with<result_tag>(std::ref(command))[command_line]];
  bool matched = false;
  try {
    matched = x3::phrase_parse(first, last, parser, blank);
  } catch (const x3::expectation_failure<Iterator>& failure) {
    parsed.error = error_at(line, static_cast<std::size_t>(failure.where() - begin), failure.which());
    return parsed;
  }
  if (!matched) {
    std::string_view word = word_at(line, first_word);
    std::string lower;
    for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ParseError error;
    error.column = static_cast<int>(first_word) + 1;
    error.length = static_cast<int>(word.size());
    // A suggestion for a word, not for stray bytes.
    const bool has_letter = std::any_of(lower.begin(), lower.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    std::string close = has_letter ? closest_name(lower, command_words()) : std::string();
    error.message = fmt::format("`{}` is not a command{}", word, close.empty() ? "" : fmt::format("; did you mean `{}`?", close));
    error.help = "`help` lists the commands";
    parsed.error = std::move(error);
    return parsed;
  }
  if (auto problem = check_values(command)) {
    parsed.error = std::move(problem);
    return parsed;
  }
  parsed.command = std::move(command);
  return parsed;
}

std::string render_parse_error(std::string_view line, const ParseError& error) {
  // The caret goes under the place; tabs are kept so that it lines up.
  std::string pad;
  for (int i = 0; i + 1 < error.column && static_cast<std::size_t>(i) < line.size(); ++i)
    pad += line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
  std::string shown(line);
  while (!shown.empty() && (shown.back() == '\n' || shown.back() == '\r')) shown.pop_back();
  std::string out = fmt::format("error at column {}: {}\n  {}\n  {}{}", error.column, error.message, shown, pad,
                                std::string(static_cast<std::size_t>(std::max(1, error.length)), '^'));
  if (!error.help.empty()) out += fmt::format("\n  {}", error.help);
  return out;
}

}  // namespace carerules::auditor
