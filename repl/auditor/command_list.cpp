#include "repl/auditor/command_list.hpp"

#include <algorithm>

namespace carerules::auditor {

const std::vector<CommandInfo>& command_list() {
  static const std::vector<CommandInfo> list{
      {"runs", "runs", "runs", "list the runs recorded, oldest first",
       "Each run decided every case as of a date. The selected run is marked with *."},
      {"run", "run N", "run 1", "select run N (the latest is selected at the start)",
       "`as of` and `known at` go back to the new run's own."},
      {"show run", "show run", "show run", "the selected run: date, knowledge, rules, packs and rule files", ""},
      {"packs", "packs", "packs", "the packs and rule files of the selected run, with their hashes",
       "The hashes are what `diff pack` takes (8 or more of the first hex digits are enough)."},
      {"settings", "settings", "settings", "the settings the selected run's rules used, with their values", ""},
      {"cases", "cases [START]", "cases AT-02", "list the case ids of the selected run (those starting with START)", ""},
      {"case", "case ID", "case AT-0240", "select a case of the selected run", ""},
      {"history", "history", "history", "the selected case's events, in history order, with the dates recorded",
       "Events recorded after the known-at time are marked `not known then`; events imported after the run are\n"
       "marked `after the run`; a corrected event is marked with the event that replaced it."},
      {"event", "event ID", "event AT-0240-e5", "one event of the selected case, every field", ""},
      {"as of", "as of DATE | as of run", "as of 2026-03-06",
       "the date decisions are worked out as of (default: the run's)",
       "The rules stay the run's own. `replay` always uses the run's date."},
      {"known at", "known at TIME | known at run", "known at 2026-03-06T17:00:00Z",
       "only events recorded by then count (default: what the run knew)",
       "A date alone means the end of that day (23:59:59Z). Events imported after the run are never seen:\n"
       "select a later run for them. `replay` always uses the run's knowledge."},
      {"decisions", "decisions", "decisions", "the selected case's decisions in the selected run, with their law", ""},
      {"why", "why NAME", "why adult_eligible",
       "how a decision was made: the rule, its law, its pack, each condition, the facts and settings read", ""},
      {"why not", "why not NAME", "why not adult_eligible",
       "for a decision that came out no or unknown: what failed or was unknown, and what would change it", ""},
      {"replay", "replay | replay all", "replay",
       "decide the case (or every case) again from the stored events and rules, and compare with the record",
       "Decisions and their traces must be identical to what the run recorded. A difference is reported as\n"
       "SERIOUS and makes a piped session end with exit code 1."},
      {"what if", "what if FIELD = VALUE [and FIELD = VALUE ...]",
       "what if assessment.wellbeing_impact = significant",
       "decide the case again with a field of its latest event of that type changed; nothing is stored",
       "FIELD starts with an event type: involvement.difficulty.understanding, placement.expected_days.\n"
       "VALUE is true, false, null, a number, a word, \"text in quotes\", or JSON. yes and no mean true and false."},
      {"diff pack", "diff pack HASH1 HASH2 [over all cases]",
       "diff pack rules/local/anytown/anytown-2026.care my-draft/anytown-2026.care over all cases",
       "the decisions that would differ if rule file HASH2 replaced HASH1 in the run's rules",
       "Each is a stored rule file's hash (8 or more of its first hex digits) or the path of a .care file or\n"
       "folder. Without `over all cases`, only the selected case. Nothing is stored."},
      {"tasks", "tasks", "tasks", "the selected case's tasks and everything that happened to them", ""},
      {"alerts", "alerts", "alerts", "the selected case's alerts, raised and cleared", ""},
      {"checkpoints", "checkpoints", "checkpoints", "the selected case's checkpoint passages and what was missing", ""},
      {"status", "status", "status", "the database, run, case, date and knowledge in use", ""},
      {"help", "help [COMMAND]", "help what if", "this list, or more about one command", ""},
      {"quit", "quit", "quit", "end the session (so does end of input, or Ctrl-D)", ""},
  };
  return list;
}

const std::vector<std::string>& command_words() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out{"exit"};
    for (const CommandInfo& c : command_list()) {
      std::string first(c.words);
      first = first.substr(0, first.find(' '));
      out.push_back(first);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return words;
}

const CommandInfo* find_command(const std::string& topic) {
  for (const CommandInfo& c : command_list())
    if (topic == c.words) return &c;
  if (topic == "exit") return find_command("quit");
  return nullptr;
}

}  // namespace carerules::auditor
