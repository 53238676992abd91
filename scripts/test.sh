#!/usr/bin/env bash
# `npm test`: control-plane and helm builds (cached), type check, lint, unit tests, e2e tests (against a local
# control plane, see docs/control-plane.md). Every step runs even if an earlier one failed; the last
# line is "N passed, N failed" (jest test counts summed over the unit and e2e runs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="$PATH:/usr/local/go/bin"
fi

results="$(mktemp -d -t k8s-mcp-test.XXXXXX)"
trap 'rm -rf "$results"' EXIT
failed_steps=()

step() {
  local name=$1
  shift
  echo
  echo "==> $name"
  if ! "$@"; then
    failed_steps+=("$name")
    echo "==> $name FAILED"
  fi
}

# Sums numPassedTests/numFailedTests over jest --json result files; a run without a result file
# (e.g. a crash or a failed globalSetup) counts as one failed test.
summarize() {
  node -e '
    const fs = require("node:fs");
    let passed = 0, failed = 0;
    for (const f of process.argv.slice(1)) {
      if (!fs.existsSync(f)) { failed += 1; continue; }
      const r = JSON.parse(fs.readFileSync(f, "utf8"));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
      if (r.numFailedTests === 0 && (r.numRuntimeErrorTestSuites > 0 || !r.success)) failed += 1;
    }
    console.log(`${passed} passed, ${failed} failed`);
  ' "$@"
}

step "control-plane build" bash test/cluster/build.sh
step "helm build" bash test/cluster/build-helm.sh
step "typecheck" npm run --silent typecheck
step "lint" npm run --silent lint
# No --forceExit: every suite closes what it opens, and --detectOpenHandles names a handle that would
# keep jest alive (a leaked watch once kept it running until CI's 90 minutes ran out). The timeouts
# are the backstop: a run that still hangs fails its step, with the handles jest printed, long
# before CI's limit (a full e2e run takes about 6 minutes on an idle 2-core machine).
step "unit tests" timeout 1200 npm run --silent test:unit -- --detectOpenHandles --json --outputFile="$results/unit.json"
step "e2e tests" timeout 1800 npm run --silent test:e2e -- --detectOpenHandles --json --outputFile="$results/e2e.json"

echo
if ((${#failed_steps[@]})); then
  echo "failed steps: ${failed_steps[*]}"
fi
summary="$(summarize "$results/unit.json" "$results/e2e.json")"
echo "$summary"
if ((${#failed_steps[@]})); then exit 1; fi
