#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "provisioners/guest_commands.hpp"
#include "provisioners/puppet/puppet_output.hpp"

using kiln::GuestCommands;
using kiln::PuppetFailures;
using Names = std::vector<std::string>;

TEST_CASE("PuppetFailures: names each failed resource once, from coloured output, titles with slashes whole") {
  PuppetFailures f;
  f.see("\x1b[mNotice: /Stage[main]/Main/File[/tmp/ok]/ensure: defined content as '{sha256}00'\x1b[0m");
  f.see("\x1b[1;31mError: Facter: Permission denied @ rb_sysopen - /proc/1/environ\x1b[0m");
  f.see("\x1b[1;31mError: '/bin/false' returned 1 instead of one of [0]\x1b[0m");
  f.see("\x1b[1;31mError: /Stage[main]/Main/Exec[this one breaks]/returns: change from 'notrun' to ['0'] failed: "
        "'/bin/false' returned 1 instead of one of [0]\x1b[0m");
  f.see("Error: /Stage[main]/Web/File[/etc/app/a:b.conf]: Could not evaluate: no such file");
  f.see("Error: /Stage[main]/Main/Exec[this one breaks]/returns: again");
  f.see("Warning: /Stage[main]/Main/File[/tmp/later]: Skipping because of failed dependencies");
  CHECK(f.resources() == Names{"Exec[this one breaks]", "File[/etc/app/a:b.conf]"});
  CHECK(f.describe(6) ==
        "Puppet exited with a non-zero exit status: 6 (failed resources: Exec[this one breaks], File[/etc/app/a:b.conf])");
}

TEST_CASE("PuppetFailures: a compile error has no resource: Packer's message alone") {
  PuppetFailures f;
  f.see("Error: Evaluation Error: Unknown function: 'nope' (file: /tmp/site.pp, line: 1, column: 1) on node vm");
  CHECK(f.resources().empty());
  CHECK(f.describe(1) == "Puppet exited with a non-zero exit status: 1");
}

TEST_CASE("GuestCommands: Packer's guestexec commands, sudo on unix only") {
  GuestCommands sudo("unix", true), plain("unix", false), windows("windows", true);
  CHECK(sudo.create_dir("/tmp/packer-puppet-masterless") == "sudo mkdir -p '/tmp/packer-puppet-masterless'");
  CHECK(sudo.chmod("/tmp/x", "0777") == "sudo chmod 0777 '/tmp/x'");
  CHECK(sudo.remove_dir("/tmp/it's") == "sudo rm -rf '/tmp/it'\"'\"'s'");
  CHECK(plain.create_dir("/tmp/x") == "mkdir -p '/tmp/x'");
  CHECK(windows.create_dir("C:/Windows/Temp/a b") ==
        "powershell.exe -Command \"New-Item -ItemType directory -Force -ErrorAction SilentlyContinue -Path C:/Windows/Temp/a` b\"");
  CHECK(windows.chmod("C:/t", "0777") == "echo 'skipping chmod 0777 C:/t'");
  CHECK(windows.remove_dir("C:/t") == "powershell.exe -Command \"rm C:/t -recurse -force\"");
  CHECK(GuestCommands::known("unix"));
  CHECK_FALSE(GuestCommands::known("plan9"));
}
