// The kiln subcommands. Each returns the process exit status (0 ok, 1 error), as Packer's.
#pragma once

#include <string>
#include <vector>

#include "kiln/build.hpp"
#include "kiln/events.hpp"
#include "render.hpp"

namespace kiln::cli {

int cmd_build(const std::vector<std::string>& args, RenderOptions render);
int cmd_validate(const std::vector<std::string>& args, RenderOptions render);
int cmd_inspect(const std::vector<std::string>& args, RenderOptions render);
int cmd_hcl2_upgrade(const std::vector<std::string>& args, RenderOptions render);
int cmd_fmt(const std::vector<std::string>& args, RenderOptions render);
int cmd_fix(const std::vector<std::string>& args, RenderOptions render);
int cmd_console(const std::vector<std::string>& args, RenderOptions render);
// The HCL2 half of inspect (cli/inspect_hcl2.cpp).
int inspect_hcl2(const Template& t, const BuildOptions& options, Ui& ui);

}  // namespace kiln::cli
