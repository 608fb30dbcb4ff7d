#include <fmt/format.h>

#include "builders/amazon/steps.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

namespace {

InterpContext build_info(const EbsRun& run) {
  InterpContext ctx = run.interp;
  const SourceImage& s = run.state.source;
  ctx.data = {{"BuildRegion", run.config.region},        {"SourceAMI", s.id},
              {"SourceAMICreationDate", s.creation_date}, {"SourceAMIName", s.name},
              {"SourceAMIOwner", s.owner_id},             {"SourceAMIOwnerName", s.owner_alias}};
  return ctx;
}

}  // namespace

std::string render(const EbsRun& run, const std::string& text) { return interpolate(text, build_info(run)); }

std::map<std::string, std::string> render(const EbsRun& run, const std::map<std::string, std::string>& tags) {
  InterpContext ctx = build_info(run);
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : tags) out[interpolate(key, ctx)] = interpolate(value, ctx);
  return out;
}

}  // namespace kiln::amazon
