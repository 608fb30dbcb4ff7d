#!/usr/bin/env bash
# The reliability table (issue 15): fuzz executions and crashes per target, sanitizer findings,
# faults injected / survived / leaked, cancel points / leaks, secret occurrences, bad inputs tried /
# mishandled, parallel builds and peak RSS against Packer. Zeros are required where the table says
# so; the script fails otherwise.
# usage: reliability-report.sh            the whole measurement (about an hour): the test suite, the
#                                         libFuzzer runs, TSan, bench/parallel.sh, then the table
#        reliability-report.sh --from DIR the table from the counts a test run left in DIR (the fast
#                                         part: scripts/test.sh prints it after every run)
# Tests write their counts only when KILN_REPORT_DIR is set (tests/report.hpp).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# Reports the default test run must leave; a missing one means its test did not run.
fast_rows=(fuzz-replay bad-inputs- parallel-null parallel-amazon-ebs faults-comm faults-aws faults-docker
           faults-disk faults-chroot cancel-file cancel-null-ssh cancel-docker cancel-amazon-ebs cancel-amazon-instance cancel-amazon-chroot
           cancel-qemu secrets)
if [[ ${1:-} == --from ]]; then
  exec python3 "$here/scripts/reliability_report.py" "$2" "${fast_rows[@]}"
fi

export KILN_REPORT_DIR=$here/build/reliability-full
rm -rf "$KILN_REPORT_DIR"
mkdir -p "$KILN_REPORT_DIR"
status=0
bash "$here/scripts/test.sh" || status=1
bash "$here/fuzz/run.sh" ${FUZZ_ARGS:---seconds 120} || status=1
if [[ -x $here/scripts/sanitize.sh ]]; then bash "$here/scripts/sanitize.sh" tsan || status=1; fi
bash "$here/bench/parallel.sh" 200 || status=1
bash "$here/bench/parallel.sh" 20 amazon-ebs || status=1
python3 "$here/scripts/reliability_report.py" "$KILN_REPORT_DIR" "${fast_rows[@]}" fuzz- || status=1
exit $status
