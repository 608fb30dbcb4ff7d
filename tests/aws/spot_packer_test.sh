#!/usr/bin/env bash
# Spot instances, kiln against Packer 1.6.6: the same amazon-ebs spot template (spot_price "auto",
# spot_instance_types, run_tags, communicator none) built by both against one moto behind the
# signing proxy. (No spot_tags: moto's fleet instances name no spot request, and Packer 1.6.6 then
# fails tagging it, "MissingParameter … resourceIdSet"; kiln says so and tags the template only.) kiln's EC2 actions must be a subset of Packer's, and its CreateLaunchTemplate and
# CreateFleet parameters Packer's but for the three Packer sends empty (IamInstanceProfile.Name,
# Placement.AvailabilityZone, UserData), which kiln leaves out.
# usage: spot_packer_test.sh KILN
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
py=$here/../../.venv/bin/python
moto=$here/../fixtures/moto/moto.sh
trap '"$moto" stop "$work/moto"; rm -rf "$work"' EXIT
export AWS_ACCESS_KEY_ID=AKIDKILNSPOT AWS_SECRET_ACCESS_KEY=kiln-spot-secret
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
"$moto" start "$work/moto" || exit 1
endpoint=$(cat "$work/moto/endpoint")

for tool in packer kiln; do
  cat > "$work/$tool.json" <<T
{"builders": [{"type": "amazon-ebs", "region": "us-east-1", "custom_endpoint_ec2": "$endpoint",
  "skip_region_validation": true, "communicator": "none", "ami_name": "$tool-spot",
  "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
    "most_recent": true},
  "spot_price": "auto", "spot_instance_types": ["t3.micro", "t3.small"], "run_tags": {"role": "spot"}, "aws_polling": {"delay_seconds": 1, "max_attempts": 20}}]}
T
done
lines() { cat "$work/moto/actions.log" 2>/dev/null | wc -l; }
(cd "$work" && "$packer" build packer.json > packer.log 2>&1) && ok || { bad "packer build"; tail -10 "$work/packer.log"; }
packer_end=$(lines)
(cd "$work" && "$kiln" build kiln.json > kiln.log 2>&1) && ok || { bad "kiln build"; tail -10 "$work/kiln.log"; }
packer_log=$(head -n "$packer_end" "$work/moto/actions.log")
kiln_log=$(tail -n "+$((packer_end + 1))" "$work/moto/actions.log")

extra=$(comm -23 <(cut -f1 <<<"$kiln_log" | sort -u) <(cut -f1 <<<"$packer_log" | sort -u))
[[ -z $extra ]] && ok || bad "kiln called what Packer does not: $extra"
echo "EC2 actions, kiln:   $(cut -f1 <<<"$kiln_log" | tr '\n' ' ')"
echo "EC2 actions, packer: $(cut -f1 <<<"$packer_log" | tr '\n' ' ')"
# The parameters, with the names kiln and Packer generate (template, key pair, group, AMI id) and
# the form encoding of spaces made alike.
params() {
  grep "^$1	" <<<"$2" | cut -f2 | tr '&' '\n' | sed -e 's/packer-fleet-launch-template-[A-Za-z0-9]\{7\}/TEMPLATE/' \
    -e 's/packer_[0-9a-f-]*/KEYPAIR/' -e 's/sg-[0-9a-f]*/GROUP/' -e 's/ami-[0-9a-f]*/AMI/' -e 's/%20/+/g' | sort
}
for action in CreateLaunchTemplate CreateFleet; do
  diff=$(comm -3 <(params "$action" "$kiln_log") <(params "$action" "$packer_log"))
  expected=$'\tLaunchTemplateData.IamInstanceProfile.Name=\n\tLaunchTemplateData.Placement.AvailabilityZone=\n\tLaunchTemplateData.UserData='
  [[ $action == CreateFleet ]] && expected=
  [[ $diff == "$expected" ]] && ok || { bad "$action: kiln's parameters differ from Packer's:"; echo "$diff"; }
done
"$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert {i['name'] for i in s['images']} >= {'kiln-spot', 'packer-spot'}, s['images']
assert not s['launch_templates'], s['launch_templates']
assert all(i['state'] == 'terminated' and i['lifecycle'] == 'spot' for i in s['instances']), s['instances']
" "$("$py" "$here/../fixtures/moto/check.py" "$(cat "$work/moto/moto_endpoint")" state)" && ok ||
  bad "both AMIs made, the spot instances terminated and both launch templates deleted"
refused=$(cut -f1 "$work/moto/actions.log" | grep -c " ")
[[ $refused -eq 0 ]] && ok || bad "the signing proxy refused $refused calls"
report
