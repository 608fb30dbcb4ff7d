#include "codec/go_tar_file_header.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <vector>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::codec {
namespace {

// getpwuid_r / getgrgid_r with a buffer grown on ERANGE, as Go's cgo lookups do; an unknown id
// or a failed lookup gives the empty name Go leaves in the header.
template <class Entry, class Lookup>
std::string lookup_name(unsigned id, Lookup lookup, char* Entry::*name) {
  std::vector<char> buf(1024);
  Entry entry{};
  Entry* found = nullptr;
  int rc;
  while ((rc = lookup(id, &entry, buf.data(), buf.size(), &found)) == ERANGE) buf.resize(buf.size() * 2);
  return rc == 0 && found ? std::string(found->*name) : std::string();
}

char typeflag_of(mode_t mode) {
  if (S_ISREG(mode)) return '0';
  if (S_ISDIR(mode)) return '5';
  if (S_ISCHR(mode)) return '3';
  if (S_ISBLK(mode)) return '4';
  if (S_ISFIFO(mode)) return '6';
  if (S_ISSOCK(mode)) throw Error("archive/tar: sockets not supported", ErrorCode::Build);
  throw Error(fmt::format("archive/tar: unknown file mode {:o}", mode), ErrorCode::Build);
}

}  // namespace

TarHeader go_file_info_header(const std::string& name, const struct stat& st) {
  TarHeader h;
  h.typeflag = typeflag_of(st.st_mode);
  h.name = h.typeflag == '5' ? name + '/' : name;
  h.mode = st.st_mode & 07777;  // permissions with setuid, setgid and sticky
  if (h.typeflag == '0') h.size = st.st_size;
  h.uid = st.st_uid;
  h.gid = st.st_gid;
  h.uname = lookup_name<passwd>(st.st_uid, getpwuid_r, &passwd::pw_name);
  h.gname = lookup_name<group>(st.st_gid, getgrgid_r, &group::gr_name);
  if (h.typeflag == '3' || h.typeflag == '4') {
    h.devmajor = major(st.st_rdev);
    h.devminor = minor(st.st_rdev);
  }
  return h;
}

}  // namespace kiln::codec
