// The Go-template interpolation engine ({{user `x`}}, {{isotime}}, {{build `ID`}} …), once and
// until the text settles, with user variables that themselves hold templates.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <fuzzer/FuzzedDataProvider.h>

#include "kiln/error.hpp"
#include "kiln/interpolate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto run = kiln::make_run_constants();
  static const auto environment =
      std::make_shared<const kiln::Environment>(std::map<std::string, std::string, std::less<>>{{"HOME", "/home/fuzz"}});
  FuzzedDataProvider in(data, size);
  std::map<std::string, std::string> user{{"name", "kiln"}, {"nested", "{{user `name`}}-{{timestamp}}"}};
  kiln::InterpContext ctx;
  ctx.run = run;
  ctx.user = &user;
  ctx.environment = environment;
  ctx.allow_env = in.ConsumeBool();
  ctx.build_data_final = in.ConsumeBool();
  bool fully = in.ConsumeBool();
  ctx.template_dir = "/templates";
  ctx.build_name = "fuzz";
  ctx.build_type = in.ConsumeBool() ? "amazon-ebs" : "azure-arm";
  ctx.data = {{"Path", "/tmp/script.sh"}, {"Vars", "A=1 B=2"}};
  ctx.build = kiln::build_placeholder_data({"SourceAMI"});
  user["fuzz"] = in.ConsumeRandomLengthString(256);
  std::string text = in.ConsumeRemainingBytesAsString();
  try {
    if (fully) kiln::interpolate_fully(text, ctx);
    else kiln::interpolate(text, ctx);
  } catch (const kiln::Error&) {
  }
  return 0;
}
