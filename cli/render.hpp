// How the CLI shows events: Packer's colored UI, -machine-readable CSV, or --events=json lines.
#pragma once

#include <cstdio>
#include <memory>

#include "kiln/events.hpp"

namespace kiln::cli {

enum class OutputMode { Human, MachineReadable, JsonLines };

struct RenderOptions {
  OutputMode mode = OutputMode::Human;
  bool color = true;         // only honoured on a terminal
  bool timestamps = false;   // -timestamp-ui
};

std::shared_ptr<EventSink> make_renderer(const RenderOptions& options, std::FILE* out = stdout);

}  // namespace kiln::cli
