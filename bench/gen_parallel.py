#!/usr/bin/env python3
"""Writes a JSON template of N parallel builds: the scale cases of issue 15 (bench/parallel.sh,
tests/cli/parallel_test.sh, tests/aws/parallel_test.sh).

  gen_parallel.py N > template.json
      N null builds, each running one shell-local command and recording itself in a manifest
  gen_parallel.py N amazon-ebs ENDPOINT ACCESS_KEY SECRET_KEY > template.json
      N amazon-ebs builds (communicator none) against the EC2 endpoint ENDPOINT (moto), each making
      the AMI kiln-parallel-<name>, running one shell-local command and recording itself in a manifest
"""
import json, sys

n = int(sys.argv[1])
if len(sys.argv) > 2 and sys.argv[2] == "amazon-ebs":
    endpoint, access_key, secret_key = sys.argv[3:6]
    builders = [{
        "type": "amazon-ebs", "name": f"e{i}", "access_key": access_key, "secret_key": secret_key,
        "region": "us-east-1", "custom_endpoint_ec2": endpoint, "skip_region_validation": True,
        "skip_credential_validation": True, "skip_metadata_api_check": True,
        "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
                              "most_recent": True},
        "instance_type": "t2.micro", "ami_name": f"kiln-parallel-e{i}", "communicator": "none",
        "aws_polling": {"delay_seconds": 1, "max_attempts": 60},
    } for i in range(n)]
else:
    builders = [{"type": "null", "name": f"b{i}", "communicator": "none"} for i in range(n)]
print(json.dumps({
    "builders": builders,
    "provisioners": [{"type": "shell-local", "inline": ["echo MARK:{{build_name}}"]}],
    "post-processors": [{"type": "manifest", "output": "manifest.json"}],
}, indent=1))
