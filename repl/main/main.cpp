#include "repl/commands.hpp"

int main(int argc, char** argv) { return carerules::cli::main(argc, argv); }
