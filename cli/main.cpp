#include <cstdio>

#include "kiln/version.hpp"

int main() {
  std::printf("kiln %s\n", kiln::version);
  return 0;
}
