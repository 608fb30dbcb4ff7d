"""One Cancellation shared by many builds cancels every one still running, and every later one until reset()."""
import os
import signal
import threading

import pytest

import kiln
from support import shell_local, template, wait_for


def start_waiting_build(cancel, release, outcomes, name):
    """Starts a build on a thread that waits for `release`; returns once its script runs."""
    running = threading.Event()

    def build():
        with template(provisioners=[shell_local("echo waiting", wait_for(release))]) as t:
            try:
                t.build(cancellation=cancel, on_event=lambda e: e.message == "waiting" and running.set())
                outcomes[name] = "finished"
            except kiln.BuildCancelled:
                outcomes[name] = "cancelled"
            finally:
                running.set()

    thread = threading.Thread(target=build)
    thread.start()
    running.wait()
    return thread


def test_cancel_reaches_every_build_still_running_after_others_sharing_it_ended(tmp_path):
    cancel, outcomes = kiln.Cancellation(), {}
    release = tmp_path / "release"
    threads = [start_waiting_build(cancel, release, outcomes, name) for name in ("first", "second")]
    with template() as t:
        assert [a.id for a in t.build(cancellation=cancel)] == ["Null"]  # a third build, ended before the cancel
    cancel.cancel()
    release.touch()  # the waiting builds now end on their own unless the cancel reached them first
    for thread in threads:
        thread.join()
    assert outcomes == {"first": "cancelled", "second": "cancelled"}


def test_a_cancelled_cancellation_stops_later_builds_at_once_until_reset(tmp_path):
    cancel = kiln.Cancellation()
    cancel.cancel()
    assert cancel.cancelled
    with template(provisioners=[shell_local(f"touch {tmp_path / 'ran'}")]) as t:
        for _ in range(2):
            with pytest.raises(kiln.BuildCancelled) as e:
                t.build(cancellation=cancel)
            assert e.value.status == kiln.Status.ECANCELLED == -6
        assert not (tmp_path / "ran").exists()
        cancel.reset()
        assert not cancel.cancelled
        assert [a.id for a in t.build(cancellation=cancel)] == ["Null"]
    assert (tmp_path / "ran").exists()


def test_ctrl_c_at_the_first_event_waits_for_cleanup_wherever_it_lands():
    """Ctrl-C as the first event arrives may find the main thread still starting the worker thread:
    run() must still cancel, wait for the run's end (its last event) and raise KeyboardInterrupt."""
    landed = threading.Event()

    def on_sigint(signum, frame):
        landed.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        for _ in range(30):
            landed.clear()
            events = []

            def on_event(e):
                events.append(e.message)
                if len(events) == 1:
                    os.kill(os.getpid(), signal.SIGINT)
                    landed.wait()  # the run goes on once Ctrl-C has reached the main thread

            with template(provisioners=[shell_local("echo provisioning")]) as t:
                with pytest.raises(KeyboardInterrupt):
                    t.build(on_event=on_event)
            assert events[-1] == "Cleanly cancelled builds after being interrupted.", events
    finally:
        signal.signal(signal.SIGINT, previous)
