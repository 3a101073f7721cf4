#!/usr/bin/env bash
# The README's first command: set up, build, and run the main job: scan the bundled sample
# GitOps repository for a 1.22 -> 1.25 blue/green upgrade with the embedded catalog.
# Exit 1 from the scan means "findings" (the sample has removed APIs on purpose): that is the
# demo working, so this script reports it and exits 0; exit 2 (bad input) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
set +e
# --render: Argo CD Applications, Helm charts and kustomizations are rendered with the real
# helm and kubectl; the sample's Applications name this URL, read from the local folder.
export PATH="$PWD/.tools/bin:$PATH"
build/greenlight scan --target "${TARGET:-1.25}" --from "${FROM:-1.22}" --render \
  --repo-map https://github.com/example-org/gitops-sample.git=testdata/gitops-sample testdata/gitops-sample
code=$?
set -e
case $code in
  0|1) echo "main job: greenlight exited $code (1 = findings, as the sample repo is meant to have)";;
  *) echo "main job: greenlight exited $code" >&2; exit "$code";;
esac
