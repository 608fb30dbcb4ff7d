"""Soak: 1,000 small builds on a few threads while another thread reads their results; once the
first 100 have warmed up, the heap in use (support.heap_in_use) stays flat. Resident memory is a
benchmark (bench/soak.sh), not a test: allocators keep freed memory, ASan on purpose. Run as its own test."""
import json
import threading
import time

import kiln
from support import heap_in_use, template

BUILDS, WARM_UP, THREADS = 1000, 100, 4
KiB = 1 << 10
SLACK = 64 * KiB  # a few dozen bytes per build


@kiln.provisioner("py-soak-say")
class Say:
    def prepare(self, config):
        self.text = config["text"]

    def provision(self, comm, ui):
        ui.say(self.text)


def test_thousand_builds_keep_the_heap_flat():
    latest = [None] * THREADS  # each worker's last result, read meanwhile by the reader
    problems = []
    done = threading.Event()

    def check(condition, what):
        if not condition and len(problems) < 10:
            problems.append(what)

    def work(slot, count):
        heard = []
        with template(provisioners=[{"type": "py-soak-say", "text": "hi {{build_name}}"}]) as t:
            for _ in range(count):
                heard.clear()
                latest[slot] = t.run(on_event=lambda e: e.kind == "say" and heard.append(e.message))
                check("hi null" in heard, f"events: {heard}")

    def read():
        while not done.is_set():
            for result in list(latest):
                if result is not None:
                    check(result.builds[0].ok and [a.id for a in result.artifacts] == ["Null"], repr(result))
                    check(json.loads(result.manifest)["builds"][0]["artifact_id"] == "Null", result.manifest)
            time.sleep(0.001)

    def builds(total):
        workers = [threading.Thread(target=work, args=(i, total // THREADS)) for i in range(THREADS)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        builds(WARM_UP)
        warm = heap_in_use()
        builds(BUILDS - WARM_UP)
        end = heap_in_use()
    finally:
        done.set()
        reader.join()
    assert problems == []
    assert end - warm <= SLACK, f"the heap in use went from {warm / KiB:.0f} KiB to {end / KiB:.0f} KiB"
