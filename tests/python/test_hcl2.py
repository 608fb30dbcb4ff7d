"""HCL2 folders through the Python binding: Template.load("dir/") lists and runs the same builds."""
import pytest

import kiln

VARIABLES = '''
variable "word" {
  type    = string
  default = "hi"
}
variable "token" {
  type      = string
  default   = "t0ps3cret"
  sensitive = true
}
variable "needed" {
  type = string
}
'''

BUILD = '''
source "null" "a" {
  communicator = "none"
}
build {
  name    = "demo"
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo WORDS ${upper(var.word)} ${var.needed} ${var.token} ${source.name}"]
  }
}
'''


def test_hcl2_folder_lists_and_builds(tmp_path):
    (tmp_path / "variables.pkr.hcl").write_text(VARIABLES)
    (tmp_path / "build.pkr.hcl").write_text(BUILD)
    events = []
    with kiln.Template.load(str(tmp_path)) as t:
        assert t.variables == {"word": "hi", "token": "<sensitive>", "needed": None}
        # The builds need "needed": listed once a run gives it.
        assert t.builds == []
        with pytest.raises(kiln.TemplateError, match='Unset variable "needed"'):
            t.build()
        artifacts = t.build(vars={"needed": "now"}, on_event=events.append)
    assert [a.id for a in artifacts] == ["Null"]
    line = next(e.message for e in events if "WORDS" in e.message)
    assert line == "WORDS HI now <sensitive> a"
    assert all("t0ps3cret" not in e.message for e in events)


def test_hcl2_builds_listed_when_defaults_suffice(tmp_path):
    (tmp_path / "build.pkr.hcl").write_text(BUILD)
    (tmp_path / "variables.pkr.hcl").write_text(VARIABLES.replace('type = string\n}', 'type = string\n  default = "d"\n}'))
    with kiln.Template.load(str(tmp_path)) as t:
        assert t.builds == [("demo.null.a", "null")]
