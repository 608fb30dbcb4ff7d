#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, one folder per target, from the conformance cases and
examples (read where they are, never copied into the repository) and a few inputs of our own.

usage: seeds.py SOURCE_DIR OUT_DIR PLUGIN_LIST
PLUGIN_LIST: the plugin_config target's "BYTE KIND TYPE" lines (KILN_FUZZ_LIST_PLUGINS=1).
"""
import hashlib
import json
import sys
from pathlib import Path

MAX_SEED = 64 * 1024
COMMON_KEYS = {"type", "name", "only", "except", "override", "pause_before", "timeout", "max_retries",
               "keep_input_artifact"}

EC2_ERROR = b"""<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>The image id '[ami-1]' does not exist</Message></Error></Errors><RequestID>a-b-c</RequestID></Response>"""
EC2_INSTANCES = b"""<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>
<reservationSet><item><reservationId>r-0a</reservationId><instancesSet><item><instanceId>i-0abc</instanceId>
<instanceState><code>16</code><name>running</name></instanceState><privateDnsName>ip-10-0-0-5.ec2.internal</privateDnsName>
<dnsName>ec2-1-2-3-4.compute-1.amazonaws.com</dnsName><vpcId>vpc-1</vpcId><privateIpAddress>10.0.0.5</privateIpAddress>
<ipAddress>1.2.3.4</ipAddress></item></instancesSet></item></reservationSet></DescribeInstancesResponse>"""

DOCKER = [
    b'{"Id":"4fa6e0f0c678","Warnings":[]}',
    b'{"message":"No such image: ubuntu:nope"}',
    b'{"ExitCode":3,"Running":false}',
    b'{"status":"Pulling from library/alpine","id":"latest"}\n{"status":"Downloading","progressDetail":{"current":1,"total":2}}\n'
    b'{"error":"manifest unknown","errorDetail":{"message":"manifest unknown"}}\n',
    b'\x01\x00\x00\x00\x00\x00\x00\x0chello world\n\x02\x00\x00\x00\x00\x00\x00\x05oops\n\x01\x00\x00\x00\x00\x00\x00\x03end',
]

SIGV4 = [
    b"GET\\ /path/../to/./file\\ Action\\ DescribeImages\\ Version\\ 2016-11-15\\ ec2.us-east-1.amazonaws.com\\ "
    b"x-amz-date\\ 20150830T123600Z\\ Action=RunInstances&Version=2016-11-15\x02\x02\x01",
    b"POST\\ //a//b/\\ k\\ v w\\ example.com\\ My-Header1\\ value1,  value2\\ body\x01\x01\x00",
]

PATHS = [b"/tmp/upload", b"/home/user/dir/", b"relative/dir//x", b"./a/../b", b"/", b"it's a \"path\" with $HOME`x`"]


def write(out: Path, target: str, data: bytes) -> None:
    if len(data) > MAX_SEED:
        return
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def plugin_blocks(doc):
    for kind, key in (("builder", "builders"), ("provisioner", "provisioners")):
        for block in doc.get(key) or []:
            if isinstance(block, dict):
                yield kind, block
    for seq in doc.get("post-processors") or []:
        for block in seq if isinstance(seq, list) else [seq]:
            if isinstance(block, dict):
                yield "post-processor", block


def json_seeds(out: Path, path: Path, text: bytes, plugin_bytes) -> None:
    try:
        doc = json.loads(text)
    except ValueError:
        return
    if not isinstance(doc, dict):
        return
    if path.name.endswith(".pkr.json"):
        write(out, "hcl2_template", text)
        return
    if "builders" not in doc:
        if all(isinstance(v, (str, type(None))) for v in doc.values()):
            write(out, "var_file", text)
        return
    write(out, "template", text)
    for s in strings(doc):
        if "{{" in s:
            # FuzzedDataProvider: the user variable from the front, the flags from the end.
            write(out, "interpolate", b"kiln\\x" + s.encode() + b"\x00\x00\x00\x00")
    for kind, block in plugin_blocks(doc):
        byte = plugin_bytes.get((kind, block.get("type")))
        if byte is None:
            continue
        config = {k: v for k, v in block.items() if k not in COMMON_KEYS}
        write(out, "plugin_config", bytes([byte]) + json.dumps(config, indent=1).encode())
        destination = block.get("destination")
        if isinstance(destination, str):
            write(out, "remote_path", destination.encode())


def main() -> None:
    src, out, plugin_list = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    plugin_bytes = {}
    for line in plugin_list.read_text().splitlines():
        byte, kind, type_ = line.split(" ", 2)
        plugin_bytes[(kind, type_)] = int(byte)
    roots = [src.parent / "shared" / "conformance", src / "tests" / "conformance", src / "examples"]
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if not path.is_file() or path.stat().st_size > MAX_SEED:
                continue
            text = path.read_bytes()
            if path.suffix == ".json":
                write(out, "fix", text)
                json_seeds(out, path, text, plugin_bytes)
            elif path.suffix == ".hcl":
                write(out, "hcl_parser", text)
                write(out, "var_file" if path.name.endswith(".pkrvars.hcl") else "hcl2_template", text)
    for path in sorted((src / "tests" / "cli" / "fix").glob("*.json")):
        write(out, "fix", path.read_bytes())
    for data in (EC2_ERROR, EC2_INSTANCES):
        for status in (b"\x00", b"\x63", b"\x64"):
            write(out, "ec2_xml", status + data)
    for data in DOCKER:
        write(out, "docker_json", data + b"\x00\x10")
    for data in SIGV4:
        write(out, "sigv4", data)
    for data in PATHS:
        write(out, "remote_path", data)


if __name__ == "__main__":
    main()
