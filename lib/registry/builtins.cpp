// Every built-in plugin, registered under Packer's type names.
#include "builders/amazon/ebs_builder.hpp"
#include "builders/null/null_builder.hpp"
#include "kiln/registry.hpp"

namespace kiln {

void register_builtins(Registry& r) {
  r.add_builder("null", [] { return std::make_unique<NullBuilder>(); });
  r.add_builder("amazon-ebs", [] { return std::make_unique<amazon::EbsBuilder>(); });
}

}  // namespace kiln
