#include "provisioners/shell_local/shell_local_provisioner.hpp"

namespace kiln {

const Schema& ShellLocalProvisioner::schema() const {
  static const Schema schema{shell_local::fields()};
  return schema;
}

const Schema& ShellLocalPostProcessor::schema() const {
  static const Schema schema{shell_local::fields()};
  return schema;
}

}  // namespace kiln
