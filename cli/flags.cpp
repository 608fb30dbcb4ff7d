#include "flags.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace kiln::cli {

void FlagSet::boolean(const std::string& name, bool* target, std::string help) {
  flags_[name] = Flag{target, {}, std::move(help)};
}

void FlagSet::value(const std::string& name, std::function<void(const std::string&)> set, std::string help) {
  flags_[name] = Flag{nullptr, std::move(set), std::move(help)};
}

std::vector<std::string> FlagSet::parse(const std::vector<std::string>& args) const {
  if (args == std::vector<std::string>{kListFlags}) {
    FlagNames listing;
    for (const auto& entry : flags_) listing.names.push_back(entry.first);
    throw listing;
  }
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;
    std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
    std::string name = body, value;
    bool has_value = false;
    if (auto eq = body.find('='); eq != std::string::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      has_value = true;
    }
    auto it = flags_.find(name);
    if (it == flags_.end()) throw std::invalid_argument(fmt::format("flag provided but not defined: -{}", name));
    const Flag& flag = it->second;
    if (flag.target) {
      if (!has_value) *flag.target = true;
      // strconv.ParseBool's spellings, and Go's flag package's message.
      else if (value == "true" || value == "1" || value == "t" || value == "T" || value == "TRUE" || value == "True") *flag.target = true;
      else if (value == "false" || value == "0" || value == "f" || value == "F" || value == "FALSE" || value == "False") *flag.target = false;
      else throw std::invalid_argument(fmt::format("invalid boolean value \"{}\" for -{}: parse error", value, name));
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) throw std::invalid_argument(fmt::format("flag needs an argument: -{}", name));
      value = args[++i];
    }
    flag.set(value);
  }
  return std::vector<std::string>(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
}

std::string FlagSet::usage() const {
  std::string out;
  for (const auto& [name, flag] : flags_) out += fmt::format("  -{:<22} {}\n", name, flag.help);
  return out;
}

}  // namespace kiln::cli
