"""A subset of the bad-input catalogue (tests/template/bad_inputs.hpp) through kiln.Template.load and
Template.parse: each raises kiln's exception naming the error and its position, and this process
goes on (a stack overflow in libkiln would end it)."""
import os
import threading

import pytest

import kiln

DEEP = 300_000
CASES = [
    ("300,000 nested lists as builders", '{"builders": ' + "[" * DEEP + "]" * DEEP + "}",
     "t.json:1:525: builders[0][0][0][0][0][0]…: nesting deeper than 512 levels"),
    ("300,000 nested objects in a variable default",
     '{"variables": {"x": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}}",
     "t.json:1:3081: variables.x.a.a.a.a.a…: nesting deeper than 512 levels"),
    ("empty file", "", "t.json:1:1: The document is empty."),
    ("byte order mark", '\ufeff{"builders": []}', "t.json:1:1: Invalid value."),
    ("trailing garbage", '{"builders": []} x', "t.json:1:18: unexpected text after the end of the JSON document"),
    ("duplicate root key", '{"builders": [], "builders": []}', 't.json:1:18: duplicate key "builders"'),
    ("builders is a number", '{"builders": 5}', "t.json:1:14: builders: expected a list"),
    ("a builder that is a list", '{"builders": [[]]}', "t.json:1:15: builders[0]: builder must be an object"),
    ("a variable default that is a list", '{"variables": {"x": []}, "builders": []}',
     "t.json:1:21: variables.x: a variable's default must be a string, number, boolean or null"),
]


@pytest.mark.parametrize("name,text,error", CASES, ids=[c[0] for c in CASES])
def test_bad_template_text_raises_with_its_position(name, text, error, tmp_path):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(kiln.TemplateError) as raised:
        kiln.Template.load(str(path))
    assert f"{path}:{error.split(':', 1)[1]}" in str(raised.value)
    with pytest.raises(kiln.TemplateError) as raised:
        kiln.Template.parse(text, "t.json")
    assert error in str(raised.value)


def test_deep_nesting_in_a_thread_with_a_small_stack_is_an_error_too(tmp_path):
    # A host thread with 256 KiB of stack: 512 levels fit, 300,000 would not.
    path = tmp_path / "t.json"
    path.write_text('{"builders": ' + "[" * DEEP + "]" * DEEP + "}")
    caught = []
    previous = threading.stack_size(256 * 1024)
    try:
        worker = threading.Thread(target=lambda: caught.append(_error_of(str(path))))
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous)
    assert len(caught) == 1 and "nesting deeper than 512 levels" in caught[0]


def _error_of(path):
    try:
        kiln.Template.load(path)
    except kiln.KilnError as e:
        return str(e)
    return ""


def test_a_fifo_as_the_template_does_not_block(tmp_path):
    fifo = tmp_path / "t.json"
    os.mkfifo(fifo)
    with pytest.raises(kiln.TemplateError, match="The document is empty"):
        kiln.Template.load(str(fifo))


def test_a_directory_or_a_missing_file_as_the_template(tmp_path):
    # A directory is an HCL2 template folder: without *.pkr.hcl / *.pkr.json files there is nothing to load.
    with pytest.raises(kiln.NotFoundError, match="Could not find any config file"):
        kiln.Template.load(str(tmp_path))
    with pytest.raises(kiln.NotFoundError, match="No such file or directory"):
        kiln.Template.load(str(tmp_path / "none.json"))


def test_a_nul_byte_in_the_file(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes(b'{"builders": []\0}')
    with pytest.raises(kiln.TemplateError, match=r"t\.json:1:16: Missing a comma or '}' after an object member"):
        kiln.Template.load(str(path))
