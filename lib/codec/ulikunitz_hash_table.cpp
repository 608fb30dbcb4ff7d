#include "codec/ulikunitz_hash_table.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "codec/lzma_model.hpp"

namespace kiln::codec {
namespace {

constexpr int kShortDistances = 8;  // always tried, before the hashed positions

// ulikunitz's internal/hash byte values.
constexpr std::array<uint64_t, 256> kByteHash = {
    0x2e4fc3f904065142ull, 0xc790984cfbc99527ull, 0x879f95eb8c62f187ull, 0x3b61be86b5021ef2ull,
    0x65a896a04196f0a5ull, 0xc5b307b80470b59eull, 0xd3bff376a70df14bull, 0xc332f04f0b3f1701ull,
    0x753b5f0e9abf3e0dull, 0xb41538fdfe66ef53ull, 0x1906a10c2c1c0208ull, 0xfb0c712a03421c0dull,
    0x38be311a65c9552bull, 0xfee7ee4ca6445c7eull, 0x71aadeded184f21eull, 0xd73426fccda23b2dull,
    0x29773fb5fb9600b5ull, 0xce410261cd32981aull, 0xfe2848b3c62dbc2dull, 0x459eaaff6e43e11cull,
    0xc13e35fc9c73a887ull, 0xf30ed5c201e76dbcull, 0xa5f10b3910482ceaull, 0x2945d59be02dfaadull,
    0x06ee334ff70571b5ull, 0xbabf9d8070f44380ull, 0xee3e2e9912ffd27cull, 0x2a7118d1ea6b8ea7ull,
    0x26183cb9f7b1664cull, 0xea71dac7da068f21ull, 0xea92eca5bd1d0bb7ull, 0x415595862defcd75ull,
    0x248a386023c60648ull, 0x9cf021ab284b3c8aull, 0xfc9372df02870f6cull, 0x2b92d693eeb3b3fcull,
    0x73e799d139dc6975ull, 0x7b15ae312486363cull, 0xb70e5454a2239c80ull, 0x208e3fb31d3b2263ull,
    0x01f563cabb930f44ull, 0x2ac4533d2a3240d8ull, 0x84231ed1064f6f7cull, 0xa9f020977c2a6d19ull,
    0x213c227271c20122ull, 0x09fe8a9a0a03d07aull, 0x4236dc75bcaf910cull, 0x460a8b2bead8f17eull,
    0xd9b27be1aa07055full, 0xd202d5dc4b11c33eull, 0x70adb010543bea12ull, 0xcdae938f7ea6f579ull,
    0x3f3d870208672f4dull, 0x8e6ccbce9d349536ull, 0xe4c0871a389095aeull, 0xf5f2a49152bca080ull,
    0x9a43f9b97269934eull, 0xc17b3753cb6f475cull, 0xd56d941e8e206bd4ull, 0xac0a4f3e525eda00ull,
    0xa06d5a011912a550ull, 0x5537ed19537ad1dfull, 0xa32fe713d611449dull, 0x2a1d05b47c3b579full,
    0x991d02dbd30a2a52ull, 0x39e91e7e28f93eb0ull, 0x40d06adb3e92c9acull, 0x9b9d3afde1c77c97ull,
    0x9a3f3f41c02c616full, 0x22ecd4ba00f60c44ull, 0x0b63d5d801708420ull, 0x8f227ca8f37ffaecull,
    0x0256278670887c24ull, 0x107e14877dbf540bull, 0x32c19f2786ac1c05ull, 0x1df5b12bb4bc9c61ull,
    0xc0cac129d0d4c4e2ull, 0x9fdb52ee9800b001ull, 0x31f601d5d31c48c4ull, 0x72ff3c0928bcaec7ull,
    0xd99264421147eb03ull, 0x535a2d6d38aefcfeull, 0x6ba8b4454a916237ull, 0xfa39366eaae4719cull,
    0x10f00fd7bbb24b6full, 0x5bd23185c76c84d4ull, 0xb22c3d7e1b00d33full, 0x3efc20aa6bc830a8ull,
    0xd61c2503fe639144ull, 0x30ce625441eb92d3ull, 0xe5d34cf359e93100ull, 0xa8e5aa13f2b9f7a5ull,
    0x5c2b8d851ca254a6ull, 0x68fb6c5e8b0d5fdfull, 0xc7ea4872c96b83aeull, 0x6dd5d376f4392382ull,
    0x1be88681aaa9792full, 0xfef465ee1b6c10d9ull, 0x1f98b65ed43fcb2eull, 0x4d1ca11eb6e9a9c9ull,
    0x7808e902b3857d0bull, 0x171c9c4ea4607972ull, 0x58d66274850146dfull, 0x42b311c10d3981d1ull,
    0x647fa8c621c41a4cull, 0xf472771c66ddfedcull, 0x338d27e3f847b46bull, 0x6402ce3da97545ceull,
    0x5162db616fc38638ull, 0x9c83be97bc22a50eull, 0x2d3d7478a78d5e72ull, 0xe621a9b938fd5397ull,
    0x9454614eb0f81c45ull, 0x395fb6e742ed39b6ull, 0x77dd9179d06037bfull, 0xc478d0fee4d2656dull,
    0x35d9d6cb772007afull, 0x83a56e92c883f0f6ull, 0x27937453250c00a1ull, 0x27bd6ebc3a46a97dull,
    0x9f543bf784342d51ull, 0xd158f38c48b0ed52ull, 0x8dd8537c045f66b4ull, 0x846a57230226f6d5ull,
    0x6b13939e0c4e7cdfull, 0xfca25425d8176758ull, 0x92e5fc6cd52788e6ull, 0x9992e13d7a739170ull,
    0x518246f7a199e8eaull, 0xf104c2a71b9979c7ull, 0x86b3ffaabea4768full, 0x6388061cf3e351adull,
    0x09d9b5295de5bbb5ull, 0x38bf1638c2599e92ull, 0x1d759846499e148dull, 0x4c0ff015e5f96ef4ull,
    0xa41a94cfa270f565ull, 0x42d76f9cb2326c0bull, 0x0cf385dd3c9c23baull, 0x0508a6c7508d6e7aull,
    0x337523aabbe6cf8dull, 0x646bb14001d42b12ull, 0xc178729d138adc74ull, 0xf900ef4491f24086ull,
    0xee1a90d334bb5ac4ull, 0x9755c92247301a50ull, 0xb999bf7c4ff1b610ull, 0x6aeeb2f3b21e8fc9ull,
    0x0fa8084cf91ac6ffull, 0x10d226cf136e6189ull, 0xd302057a07d4fb21ull, 0x5f03800e20a0fcc3ull,
    0x80118d4ae46bd210ull, 0x58ab61a522843733ull, 0x51edd575c5432a4bull, 0x94ee6ff67f9197f7ull,
    0x765669e0e5e8157bull, 0xa5347830737132f0ull, 0x3ba485a69f01510cull, 0x0b247d7b957a01c3ull,
    0x1b3d63449fd807dcull, 0x0fdc4721c30ad743ull, 0x8b535ed3829b2b14ull, 0xee41d0cad65d232cull,
    0xe6a99ed97a6a982full, 0x65ac6194c202003dull, 0x692accf3a70573ebull, 0xcc3c02c3e200d5afull,
    0x0d419e8b325914a3ull, 0x320f160f42c25e40ull, 0x00710d647a51fe7aull, 0x3c947692330aed60ull,
    0x9288aa280d355a7aull, 0xa1806a9b791d1696ull, 0x5d60e38496763da1ull, 0x6c69e22e613fd0f4ull,
    0x977fc2a5aadffb17ull, 0xfb7bd063fc5a94baull, 0x460c17992cbaece1ull, 0xf7822c5444d3297full,
    0x344a9790c69b74aaull, 0xb80a42e6cae09dceull, 0x1b1361eaf2b1e757ull, 0xd84c1e758e236f01ull,
    0x88e0b7be347627ccull, 0x45246009b7a99490ull, 0x8011c6dd3fe50472ull, 0xc341d682bffb99d7ull,
    0x2511be93808e2d15ull, 0xd5bc13d7fd739840ull, 0x2a3cd030679ae1ecull, 0x8ad9898a4b9ee157ull,
    0x3245fef0a8eaf521ull, 0x3d6d8dbbb427d2b0ull, 0x1ed146d8968b3981ull, 0x0c6a28bf7d45f3fcull,
    0x4a1fd3dbcee3c561ull, 0x4210ff6a476bf67eull, 0xa559cce0d9199aacull, 0xde39d47ef3723380ull,
    0xe5b69d848ce42e35ull, 0xefa24296f8e79f52ull, 0x70190b59db9a5afcull, 0x26f166cdb211e7bfull,
    0x4deaf2df3c6b8ef5ull, 0xf171dbdd670f1017ull, 0xb9059b05e9420d90ull, 0x2f0da855c9388754ull,
    0x611d5e9ab77949ccull, 0x2912038ac01163f4ull, 0x0231df50402b2fbaull, 0x45660fc4f3245f58ull,
    0xb91cc97c7c8dac50ull, 0xb72d2aafe4953427ull, 0xfa6463f87e813d6bull, 0x4515f7ee95d5c6a2ull,
    0x1310e1c1a48d21c3ull, 0xad48a7810cdd8544ull, 0x4d5bdfefd5c9e631ull, 0xa43ed43f1fdcb7deull,
    0xe70cfc8fe1ee9626ull, 0xef4711b0d8dda442ull, 0xb80dd9bd4dab6c93ull, 0xa23be08d31ba4d93ull,
    0x9b37db9d0335a39cull, 0x494b6f870f5cfebcull, 0x6d1b3c1149dda943ull, 0x372c943a518c1093ull,
    0xad27af45e77c09c4ull, 0x3b6f92b646044604ull, 0xac2917909f5fcf4full, 0x2069a60e977e5557ull,
    0x353a469e71014de5ull, 0x24be356281f55c15ull, 0x2b6d710ba8e9adeaull, 0x404ad1751c749c29ull,
    0xed7311bf23d7f185ull, 0xba4f6976b4acc43eull, 0x32d7198d2bc39000ull, 0xee667019014d6e01ull,
    0x494ef3e128d14c83ull, 0x1f95a152baecd6beull, 0x201648dff1f483a5ull, 0x68c28550c8384af6ull,
    0x5fc834a6824a7f48ull, 0x7cd06cb7365eaf28ull, 0xd82bbd95e9b30909ull, 0x234f0d1694c53f6dull,
    0xd2fb7f4a96d83f4aull, 0xff0d5da83acac05eull, 0xf8f6b97f5585080aull, 0x74236084be57b95bull,
    0xa25e40c03bbc36adull, 0x6b6e5c14ce88465bull, 0x4378ffe93e1528c5ull, 0x94ca92a17118e2d2ull,
};

// The cyclic polynomial of a word's bytes, oldest first.
uint64_t word_hash(uint32_t word) {
  return std::rotr(kByteHash[word >> 24], 3) ^ std::rotr(kByteHash[(word >> 16) & 0xff], 2) ^
         std::rotr(kByteHash[(word >> 8) & 0xff], 1) ^ kByteHash[word & 0xff];
}

int table_exponent(size_t dict_capacity) {
  return std::clamp(30 - std::countl_zero(static_cast<uint32_t>(dict_capacity)), 9, 20);
}

}  // namespace

UlikunitzHashTable::UlikunitzHashTable(size_t dict_capacity)
    : heads_(size_t{1} << table_exponent(dict_capacity)),
      deltas_(dict_capacity),
      slot_mask_(dict_capacity - 1),
      mask_((uint64_t{1} << table_exponent(dict_capacity)) - 1) {}

size_t UlikunitzHashTable::entries() const {
  if (last_pos_ < 0) return 0;
  return std::min(static_cast<size_t>(last_pos_) + 1, deltas_.size());
}

void UlikunitzHashTable::add(const uint8_t* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    word_ = (word_ << 8) | data[i];
    if (++last_pos_ >= 0) put(word_hash(word_), last_pos_);
  }
}

void UlikunitzHashTable::put(uint64_t hash, int64_t pos) {
  int64_t& head = heads_[hash & mask_];
  int64_t previous = head - 1;
  head = pos + 1;
  int64_t delta = 0;
  if (previous >= 0) {
    delta = pos - previous;
    if (delta > int64_t{0xffffffff} || delta > static_cast<int64_t>(entries())) delta = 0;
  }
  deltas_[static_cast<size_t>(pos) & slot_mask_] = static_cast<uint32_t>(delta);
}

int UlikunitzHashTable::matches(uint64_t hash, int64_t* positions) const {
  if (last_pos_ < 0) return 0;
  int64_t oldest = last_pos_ + 1 - static_cast<int64_t>(entries());
  int n = 0;
  for (int64_t pos = heads_[hash & mask_] - 1; pos >= oldest;) {
    positions[n++] = pos;
    if (n == kMaxMatches) break;
    uint32_t delta = deltas_[static_cast<size_t>(pos) & slot_mask_];
    if (delta == 0) break;
    pos -= delta;
  }
  return n;
}

LzmaOp UlikunitzHashTable::next_op(const UlikunitzWindow& window, uint32_t rep0) const {
  uint8_t data[kLzmaMaxMatchLen];
  size_t n = window.peek(data, kLzmaMaxMatchLen);
  std::array<size_t, kShortDistances + kMaxMatches> distances;
  size_t count = 0;
  for (size_t d = 1; d <= kShortDistances; ++d) distances[count++] = d;
  if (n >= 4) {
    int64_t positions[kMaxMatches];
    uint32_t word = uint32_t{data[0]} << 24 | uint32_t{data[1]} << 16 | uint32_t{data[2]} << 8 | data[3];
    int found = matches(word_hash(word), positions);
    for (int i = 0; i < found; ++i) {
      auto d = static_cast<size_t>(window.head() - positions[i]);
      if (d > kShortDistances) distances[count++] = d;
    }
  }

  LzmaOp best;
  size_t best_len = 0;
  size_t dict_len = window.dict_len();
  for (size_t i = 0; i < count; ++i) {
    size_t d = distances[i];
    if (d > dict_len || window.back(d, best_len) != data[best_len]) continue;
    size_t len = window.match_len(d, data, n);
    if (len == 1 && d - 1 != rep0) continue;  // a single byte is only worth it as a short rep
    if (len > best_len) {
      best_len = len;
      best.distance = static_cast<uint32_t>(d);
      if (len == n) break;
    }
  }
  if (best_len == 0) {
    best.literal = data[0];
    return best;
  }
  best.length = static_cast<int>(best_len);
  return best;
}

}  // namespace kiln::codec
