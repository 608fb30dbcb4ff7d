"""A Python host for the cancel matrix and the secrets scan: runs a template with the kiln binding and, when it sees the
K-th step event, sends itself SIGINT, so KeyboardInterrupt reaches the main thread while run() blocks.
  python_host.py TEMPLATE K cleanup|abort [NAME=VALUE…]
Prints every event as "kind<TAB>build<TAB>message" and, last, "status=interrupted", "status=cancelled"
(BuildCancelled without KeyboardInterrupt), "status=error" or "status=ok". K = 0 never cancels."""
import os
import signal
import sys
import threading

import kiln

# The sanitizer runtime was preloaded into this process (host_preload.py); kiln's children must not
# inherit it: qemu-img, for one, can hang under it.
os.environ.pop("LD_PRELOAD", None)


def main():
    path, cancel_at, on_error = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    variables = dict(arg.split("=", 1) for arg in sys.argv[4:])
    steps = 0
    interrupted = threading.Event()

    def on_sigint(signum, frame):
        interrupted.set()
        raise KeyboardInterrupt

    def on_event(e):
        nonlocal steps
        print(f"{e.kind}\t{e.build}\t{e.message}", flush=True)
        if e.kind == "say" and e.build and not e.message.startswith("Build '"):
            steps += 1
            if steps == cancel_at:
                os.kill(os.getpid(), signal.SIGINT)
                interrupted.wait()  # the step goes on once Ctrl-C has reached run(), so it is cancelled at this step

    signal.signal(signal.SIGINT, on_sigint)  # also: a test runner may start us with SIGINT ignored
    try:
        with kiln.Template.load(path) as t:
            t.run(vars=variables, on_error=on_error, on_event=on_event)
        status = "ok"
    except KeyboardInterrupt:
        status = "interrupted"
    except kiln.BuildCancelled:
        status = "cancelled"
    except kiln.BuildError:
        status = "error"
    print(f"status={status}", flush=True)


if __name__ == "__main__":
    main()
