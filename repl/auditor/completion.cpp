#include "repl/auditor/completion.hpp"

#include <algorithm>
#include <cctype>

#include "repl/auditor/command_list.hpp"

namespace carerules::auditor {

namespace {

std::vector<std::string> words_of(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  for (char c : line) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

std::vector<std::string> candidates(const std::vector<std::string>& w, const CompletionSources& s) {
  auto from = [](const std::function<std::vector<std::string>()>& f) { return f ? f() : std::vector<std::string>{}; };
  if (w.empty()) return command_words();
  const std::string& first = w[0];
  if (w.size() == 1) {
    if (first == "why") {
      auto names = from(s.decision_names);
      names.push_back("not");
      return names;
    }
    if (first == "case") return from(s.case_ids);
    if (first == "event") return from(s.event_ids);
    if (first == "as") return {"of"};
    if (first == "known") return {"at"};
    if (first == "show") return {"run"};
    if (first == "replay") return {"all"};
    if (first == "what") return {"if"};
    if (first == "diff") return {"pack"};
    if (first == "help") {
      std::vector<std::string> topics;
      for (const CommandInfo& c : command_list()) topics.push_back(c.words);
      return topics;
    }
    return {};
  }
  if (first == "why" && w.size() == 2 && w[1] == "not") return from(s.decision_names);
  if ((first == "as" && w.size() == 2 && w[1] == "of") || (first == "known" && w.size() == 2 && w[1] == "at"))
    return {"run"};
  if (first == "what" && w.size() >= 2 && w[1] == "if" && (w.back() == "if" || w.back() == "and"))
    return from(s.field_paths);
  if (first == "diff" && w.size() == 4) return {"over"};
  if (first == "diff" && w.size() == 5 && w[4] == "over") return {"all"};
  if (first == "diff" && w.size() == 6 && w[5] == "all") return {"cases"};
  return {};
}

void add_paths(const Program& program, const Type& type, const std::string& prefix, std::vector<std::string>& out) {
  if (type.kind == TypeKind::record) {
    for (const FieldDef& f : program.records[static_cast<std::size_t>(type.ref)].fields) {
      out.push_back(prefix + "." + f.name);
      add_paths(program, f.type, prefix + "." + f.name, out);
    }
  } else if (type.kind == TypeKind::map && type.ref >= 0) {
    for (const std::string& key : program.enums[static_cast<std::size_t>(type.ref)].values) out.push_back(prefix + "." + key);
  }
}

}  // namespace

std::vector<std::string> complete(std::string_view before, std::string_view word, const CompletionSources& sources) {
  std::vector<std::string> out;
  for (std::string& c : candidates(words_of(before), sources))
    if (c.compare(0, word.size(), word) == 0) out.push_back(std::move(c));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> field_paths(const Program& program) {
  std::vector<std::string> out;
  for (const EventTypeDef& e : program.events) add_paths(program, Type{TypeKind::record, e.record}, e.name, out);
  return out;
}

}  // namespace carerules::auditor
