// Bash completion as Packer 1.6.6's (posener/complete): `complete -C /path/to/kiln kiln` makes bash run
// kiln with COMP_LINE set; kiln prints the candidates for the word being completed, one a line.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace kiln::cli {

// Runs a command with the given arguments (main's dispatch); returns its exit status.
using CommandRunner = std::function<int(const std::string& command, const std::vector<std::string>& args)>;

// Prints the commands, or the flags of the command on the line, that start with the last word.
int answer_completion(const std::string& comp_line, const std::vector<std::string>& commands, const CommandRunner& run);
// -autocomplete-install / -autocomplete-uninstall: add or remove that `complete -C` line in ~/.bashrc.
int autocomplete_install();
int autocomplete_uninstall();

}  // namespace kiln::cli
