// Process-wide one-time set-up (libssh2, libcurl's global state), explicit and reference-counted as
// libgit2's git_libgit2_init/shutdown. Optional: the first use of each part sets it up too.
#pragma once

namespace kiln {

// Sets everything up now, on the calling thread (a host with threads of its own calls this early).
// Returns the number of global_init calls not yet matched by global_shutdown.
int global_init();
// Matches one global_init; the last one releases the process-wide state (no run may be in progress;
// the next use sets it up again). Extra calls do nothing. Returns the number still unmatched.
int global_shutdown();

}  // namespace kiln
