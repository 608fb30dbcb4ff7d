#!/usr/bin/env bash
# Vagrant boxes of amazon-ebs artifacts (aws provider), kiln against Packer 1.6.6: the same template
# (communicator none, the AMI copied to a second region) built by both against one moto behind the
# signing proxy. Each box's metadata.json is {"provider":"aws"} and its Vagrantfile the one 1.6.6
# writes, naming the tool's own AMI in each region (regions in order): with the AMI ids masked the
# two tools' Vagrantfiles are equal byte for byte. keep_input_artifact false cannot drop the AMIs:
# the box names them, so both remain registered.
#   aws_box_test.sh KILN [PACKER]
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
py=$here/../../.venv/bin/python
moto=$here/../fixtures/moto/moto.sh
trap '"$moto" stop "$work/moto"; rm -rf "$work"' EXIT
export AWS_ACCESS_KEY_ID=AKIDKILNVAGRANT AWS_SECRET_ACCESS_KEY=kiln-vagrant-secret
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
"$moto" start "$work/moto" || exit 1
endpoint=$(cat "$work/moto/endpoint")

for tool in kiln packer; do
  mkdir -p "$work/$tool"
  cat > "$work/$tool/t.json" <<T
{"builders": [{"type": "amazon-ebs", "name": "ebs", "region": "us-east-1", "custom_endpoint_ec2": "$endpoint",
  "skip_region_validation": true, "communicator": "none", "ami_name": "$tool-vagrant", "instance_type": "t2.micro",
  "ami_regions": ["eu-west-1"],
  "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
    "most_recent": true},
  "aws_polling": {"delay_seconds": 1, "max_attempts": 20}}],
 "post-processors": [{"type": "vagrant", "keep_input_artifact": false}]}
T
  (cd "$work/$tool" && "${!tool}" build -color=false t.json > build.log 2>&1) && ok || { bad "$tool build"; tail -10 "$work/$tool/build.log"; }
done

box=packer_ebs_aws.box
vagrantfile() { tar -xOf "$work/$1/$box" Vagrantfile; }
for tool in kiln packer; do
  [[ $(tar -xOf "$work/$tool/$box" metadata.json 2>/dev/null) == '{"provider":"aws"}' ]] && ok || bad "$tool's metadata.json"
  # The AMIs the tool made, as its artifact lists them ("us-east-1: ami-…").
  amis=$(sed -n 's/^\(us-east-1\|eu-west-1\): \(ami-[0-9a-f]*\)$/\1 \2/p' "$work/$tool/build.log" | sort)
  [[ $(wc -l <<<"$amis") == 2 ]] && ok || bad "$tool: two AMIs expected in the log: $amis"
  expected=$'\n# The contents below were provided by the Packer Vagrant post-processor\n\nVagrant.configure("2") do |config|\n  config.vm.provider "aws" do |aws|\n    '
  while read -r region ami; do expected+=$'\n\taws.region_config "'$region'", ami: "'$ami$'"\n\t'; done <<<"$amis"
  expected+=$'\n  end\nend\n\n\n# The contents below (if any) are custom contents provided by the\n# Packer template during image build.\n\n'
  [[ "$(vagrantfile "$tool"; echo .)" == "$expected." ]] && ok || { bad "$tool's Vagrantfile"; vagrantfile "$tool" | cat -A; }
done
mask() { sed 's/ami-[0-9a-f]*/AMI/g'; }
cmp -s <(vagrantfile kiln | mask) <(vagrantfile packer | mask) && ok || bad "the Vagrantfiles differ but for the AMI ids"
"$py" -c "
import json, sys
for region in ('us-east-1', 'eu-west-1'):
    s = json.loads(sys.argv[sys.argv.index(region) + 1])
    names = {i['name'] for i in s['images']}
    assert {'kiln-vagrant', 'packer-vagrant'} <= names, (region, names)
" us-east-1 "$("$py" "$here/../fixtures/moto/check.py" "$(cat "$work/moto/moto_endpoint")" state us-east-1)" \
  eu-west-1 "$("$py" "$here/../fixtures/moto/check.py" "$(cat "$work/moto/moto_endpoint")" state eu-west-1)" && ok ||
  bad "the AMIs the boxes name were deregistered"
report
