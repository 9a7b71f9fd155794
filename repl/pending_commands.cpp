#include "repl/commands.hpp"
namespace carerules::cli {
int run_test(const std::vector<std::string>&, const std::string&, const Output&) { return 2; }
int run_eval(const EvalRequest&, const Output&) { return 2; }
int run_explain(const ExplainRequest&, const Output&) { return 2; }
}
