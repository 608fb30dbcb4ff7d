#include "codec/klauspost_fast_encoder.hpp"

#include <stdexcept>

#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

std::unique_ptr<FastEncoder> make_fast_encoder(int level) {
  switch (level) {
    case -1:
    case 5: return std::make_unique<FastEncoderL5>();
    default: throw std::invalid_argument("no fast deflate encoder for this level");
  }
}

}  // namespace kiln::codec
