#include "provisioners/script_env.hpp"

#include <fmt/printf.h>

#include "util/shell_quote.hpp"

namespace kiln {

std::map<std::string, std::string> script_env(const RunContext& ctx, const std::vector<std::string>& environment_vars,
                                              const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> vars{{"PACKER_BUILD_NAME", ctx.build_name}, {"PACKER_BUILDER_TYPE", ctx.build_type}};
  if (ctx.generated)
    if (auto it = ctx.generated->find("PackerHTTPAddr");
        it != ctx.generated->end() && !it->second.empty() && it->second != "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER")
      vars["PACKER_HTTP_ADDR"] = it->second;
  for (const auto& kv : environment_vars) {
    auto eq = kv.find('=');
    vars[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) vars[k] = v;
  return vars;
}

std::string flatten_env(const std::map<std::string, std::string>& vars, const std::string& format) {
  std::string out;
  for (const auto& [k, v] : vars) out += fmt::sprintf(format, k, escape_single_quotes(v));
  return out;
}

}  // namespace kiln
