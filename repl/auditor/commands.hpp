// The REPL's commands, one function each, grouped in files by what they
// look at: the runs (run_commands.cpp), the case (case_commands.cpp), its
// tasks, alerts and checkpoints (case_records.cpp), why and why not
// (why_commands.cpp), replay, what if and diff pack (one file each), help.
// Each writes its answer to the session's output and throws CommandError
// when it cannot answer.
#pragma once
#include "repl/auditor/command.hpp"
#include "repl/auditor/session.hpp"

namespace carerules::auditor {

// Runs one parsed command (not `quit`).
void execute(Session& session, const Command& command);

void show_help(Session& session, const command::Help& help);
void show_status(Session& session);
void list_runs(Session& session);
void select_run(Session& session, const command::SelectRun& c);
void show_run(Session& session);
void list_packs(Session& session);
void list_settings(Session& session);

void list_cases(Session& session, const command::Cases& c);
void select_case(Session& session, const command::SelectCase& c);
void show_history(Session& session);
void show_event(Session& session, const command::ShowEvent& c);
void set_as_of(Session& session, const command::AsOf& c);
void set_known_at(Session& session, const command::KnownAt& c);
void list_decisions(Session& session);

void show_tasks(Session& session);
void show_alerts(Session& session);
void show_checkpoints(Session& session);

void explain_why(Session& session, const command::Why& c);
void explain_why_not(Session& session, const command::WhyNot& c);

void replay_cases(Session& session, const command::Replay& c);
void what_if(Session& session, const command::WhatIf& c);
void diff_pack(Session& session, const command::DiffPack& c);

}  // namespace carerules::auditor
