// The keys Packer 1.6.6 refuses as "Deprecated configuration key" (its DeprecatedOptions, generated
// from the fixers) for the plugins kiln has: the lists their schemas give as Schema::deprecated.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

namespace kiln::fix {

// The keys of the fixers that apply to every plugin (iso-md5, sshkeypath, sshdisableagent,
// comm-config, ssh-wait-timeout, iso-checksum-type-and-url, qemu-host-port), plus `own`. Packer
// names them for every plugin that gives the decoder its type: all of kiln's but the file builder,
// shell-local, sleep and vagrant.
std::vector<std::string> deprecated_keys(std::initializer_list<const char*> own = {});

// deprecated_keys() and those of the amazon fixers, for the amazon builders and amazon-import.
std::vector<std::string> amazon_deprecated_keys();

}  // namespace kiln::fix
