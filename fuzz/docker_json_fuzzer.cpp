// The Docker Engine API answers kiln reads: JSON bodies (an "Id", an error "message", an exec's
// "ExitCode"), pull and push progress lines, and an exec's multiplexed output, split at a point
// the input chooses as a socket would split it.
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "docker/engine.hpp"
#include "docker/engine_stream.hpp"
#include "expect.hpp"
#include "kiln/error.hpp"

using namespace kiln::docker;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  size_t split = in.ConsumeIntegral<uint16_t>();
  std::string body = in.ConsumeRemainingBytesAsString();

  try {
    response_string(Response{201, body}, "Id");
  } catch (const kiln::RemoteError&) {
  }
  engine_message(body);
  exec_exit_code(body);

  std::string error;
  size_t statuses = 0;
  for (size_t start = 0, nl; start < body.size(); start = nl + 1) {
    nl = body.find('\n', start);
    if (nl == std::string::npos) nl = body.size();
    read_progress_line(body.substr(start, nl - start), error, [&](const std::string&) { ++statuses; });
  }

  // The same bytes as exec output, delivered in two pieces, must give the same lines as in one.
  auto lines_of = [&](size_t first) {
    std::string lines;
    ExecOutput output([&](std::string_view line, bool is_stderr) {
      lines += is_stderr ? "2:" : "1:";
      lines += line;
      lines += '\n';
    });
    output.add(body.data(), first);
    output.add(body.data() + first, body.size() - first);
    output.finish();
    return lines;
  };
  expect(lines_of(std::min(split, body.size())) == lines_of(body.size()), "exec output does not depend on how it arrives");
  return 0;
}
