"""Progress events reach Python callbacks (issue 16, item 4): bytes done increase to the file's size."""
import os

from support import template


def test_compress_reports_progress(tmp_path):
    data = tmp_path / "data.bin"
    data.write_bytes(os.urandom(8 * 1024 * 1024))
    events = []
    with template(builders=[{"type": "file", "source": str(data), "target": str(tmp_path / "copy.bin")}],
                  **{"post-processors": [{"type": "compress", "output": str(tmp_path / "copy.bin.gz")}]}) as t:
        t.build(on_event=events.append)
    progress = [e for e in events if e.kind == "progress" and e.message == "compressing"]
    assert progress, [e.kind for e in events]
    assert all(e.total == data.stat().st_size for e in progress)
    dones = [e.done for e in progress]
    assert dones == sorted(set(dones)) and dones[-1] == data.stat().st_size
