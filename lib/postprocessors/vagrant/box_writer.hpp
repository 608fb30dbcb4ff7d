// A directory packed into a Vagrant box as Packer 1.6.6's DirToBox packs it: Go's archive/tar in GNU
// format, every file under the directory (walked in lexical order, directories left out) named by
// its path relative to it, gzipped by klauspost/pgzip at the compression level (0: a plain tar).
// Member times are zero (lib/codec's tar headers); Packer's carry the staged files' times.
#pragma once

#include <string>

#include "kiln/plugin.hpp"

namespace kiln::vagrant {

// Writes the box to `output` (its directory created as needed). With `announce`, each member is
// announced ("Compressing: NAME") and progress reported. A level pgzip refuses (outside -2 to 9)
// fails with 1.6.6's message; kiln has no Huffman-only (-2) encoder and says so. On failure or
// cancel no file is left.
void write_box(const std::string& dir, const std::string& output, int64_t level, const PostProcessorContext& ctx,
               bool announce);

}  // namespace kiln::vagrant
