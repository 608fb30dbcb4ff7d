// Packer-style command-line flags: -name, --name, -name=value, -name value; bools take =true/=false.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kiln::cli {

class FlagSet {
 public:
  void boolean(const std::string& name, bool* target, std::string help);
  void value(const std::string& name, std::function<void(const std::string&)> set, std::string help);
  // Parses flags up to the first positional argument; returns the positional arguments.
  // Throws std::invalid_argument naming a bad or unknown flag.
  std::vector<std::string> parse(const std::vector<std::string>& args) const;
  std::string usage() const;
  // True for a request for help (main turns -h, --help and -help into "-help"): the command prints
  // its usage and exits 0, as Packer's do.
  static bool asks_help(const std::vector<std::string>& args) { return args == std::vector<std::string>{"-help"}; }
  // Shell completion asks a command for its flags by running it with only this argument: parse()
  // then throws FlagNames instead of parsing, so no command needs code of its own for it.
  static constexpr const char* kListFlags = "-\x01list-flags";
  // Deliberately not a std::exception: the commands' handlers for bad flags must let it through.
  struct FlagNames {
    std::vector<std::string> names;
  };

 private:
  struct Flag {
    bool* target = nullptr;
    std::function<void(const std::string&)> set;
    std::string help;
  };
  std::map<std::string, Flag> flags_;
};

}  // namespace kiln::cli
