"""A provisioner written in Python ("py-stamp"), used from a JSON template like a built-in one."""
import json
import sys

import kiln


@kiln.provisioner("py-stamp")
class Stamp:
    """Writes a stamp file named in the template and says so."""

    def prepare(self, config: dict) -> None:
        if "path" not in config:
            raise ValueError("py-stamp needs a path")
        self.path = config["path"]

    def provision(self, comm: kiln.Communicator, ui: kiln.Ui) -> None:
        with open(self.path, "w") as f:
            f.write(f"stamped by {ui.build_name}\n")
        ui.say(f"py-stamp wrote {self.path}")


TEMPLATE = {
    "builders": [{"type": "null", "communicator": "none", "name": "demo"}],
    "provisioners": [{"type": "py-stamp", "path": sys.argv[1] if len(sys.argv) > 1 else "/tmp/kiln-py-stamp.txt"}],
}



def show(event: kiln.RunEvent) -> None:
    if event.kind == "say" and "py-stamp" in event.message:
        print(event.message)


if __name__ == "__main__":
    with kiln.Template.parse(json.dumps(TEMPLATE)) as template:
        artifacts = template.build(on_event=show)
    print(f"artifact: {artifacts[0].id}")
