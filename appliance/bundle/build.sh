#!/usr/bin/env bash
# Builds the offline bundle appliance-<version>-linux-x64.tar.gz (appliance/README.md, "The
# offline bundle"): the server and appliancectl published self-contained for linux-x64 in
# Release (no .NET needed on the box), the systemd unit, the config templates, the Prometheus
# and Grafana files, the model manifests (never weights), the gRPC contract for integrators
# (contracts/: the .proto files and their descriptor set), install.sh and uninstall.sh, a
# MANIFEST and SHA256SUMS over every file. Next to the archive it writes <archive>.sha256.
# The descriptor set is built with buf (contracts/buf.sh: npm @bufbuild/buf, installed from
# npm's registry or cache on first use).
#
# Offline: `dotnet publish` restores from the NuGet cache (~/.nuget/packages). Once the
# packages are there (one online build, or `dotnet restore -r linux-x64` of src/Appliance.Server
# and src/Appliance.Cli), building needs no network; --no-restore skips restoring altogether.
# Run ./appliance/bundle/build.sh --help for the options.
set -euo pipefail

readonly RID=linux-x64
repo=$(cd "$(dirname "$0")/../.." && pwd)
readonly repo

usage() {
  cat <<EOF
Usage: appliance/bundle/build.sh [options]

  --output DIR          where the archive goes (default: artifacts/bundle)
  --version V           bundle version (default: the VERSION file, else git describe --tags
                        'v*', else <Version in Directory.Build.props>-g<commit>)
  --llama-backend B     llama.cpp native build shipped: Cpu (default), Cuda12 or None
                        (-p:LlamaBackend, see src/Appliance.Engines.Llama/LlamaBackend.targets)
  --publish-dir DIR     where the published server and CLI go (default: <output>/publish-<backend>)
  --no-publish          package what --publish-dir already holds (from an earlier run) instead
                        of publishing again; the version must be the one it was published as
  --gzip-level N        1 (fastest, ~3% larger) .. 9 (default 6)
  --no-restore          pass --no-restore to dotnet publish (packages restored for $RID already)
  -h, --help            this text
EOF
}

fail() {
  echo "build.sh: $*" >&2
  exit 1
}

output=${repo}/artifacts/bundle
version=""
backend=""
publish_dir=""
publish=true
gzip_level=6
restore_flag=()

while [[ $# -gt 0 ]]; do
  case $1 in
    --output) output=${2:?--output needs a folder}; shift 2 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --llama-backend) backend=${2:?--llama-backend needs Cpu, Cuda12 or None}; shift 2 ;;
    --publish-dir) publish_dir=${2:?--publish-dir needs a folder}; shift 2 ;;
    --no-publish) publish=false; shift ;;
    --gzip-level) gzip_level=${2:?--gzip-level needs 1..9}; shift 2 ;;
    --no-restore) restore_flag=(--no-restore); shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

[[ ${gzip_level} =~ ^[1-9]$ ]] || fail "--gzip-level must be 1..9 (got '${gzip_level}')"
for tool in tar gzip sha256sum find sort; do
  command -v "${tool}" >/dev/null 2>&1 || fail "${tool} not found"
done

mkdir -p "${output}"
output=$(cd "${output}" && pwd)
publish_dir=${publish_dir:-${output}/publish-${backend:-Cpu}}
mkdir -p "${publish_dir}"
publish_dir=$(cd "${publish_dir}" && pwd)

commit=unknown
if git -C "${repo}" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  commit=$(git -C "${repo}" rev-parse HEAD)
  if [[ -n $(git -C "${repo}" status --porcelain --untracked-files=no) ]]; then
    commit=${commit}-dirty
  fi
fi

default_version() {
  if [[ -f ${repo}/VERSION ]]; then
    tr -d '[:space:]' <"${repo}/VERSION"
    return
  fi
  local described
  if described=$(git -C "${repo}" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
    echo "${described#v}"
    return
  fi
  local base
  base=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "${repo}/Directory.Build.props" | head -n 1)
  if [[ ${commit} == unknown ]]; then
    echo "${base:-0.0.0}"
  else
    local short=${commit:0:7}
    [[ ${commit} == *-dirty ]] && short=${short}-dirty
    echo "${base:-0.0.0}-g${short}"
  fi
}

version=${version:-$(default_version)}
[[ ${version} =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] ||
  fail "version '${version}' may hold only letters, digits, '.', '_' and '-' (it names a folder and the archive)"

name=appliance-${version}-${RID}
archive=${output}/${name}.tar.gz
started=${SECONDS}

# ---- 1. Publish (or reuse an earlier publish). ----
if [[ ${publish} == true ]]; then
  backend=${backend:-Cpu}
  case ${backend} in Cpu | Cuda12 | None) ;; *) fail "--llama-backend must be Cpu, Cuda12 or None (got '${backend}')" ;; esac
  command -v dotnet >/dev/null 2>&1 || fail "dotnet not found (the SDK pinned in global.json)"
  rm -rf "${publish_dir:?}/server" "${publish_dir:?}/cli" "${publish_dir}/publish.info"
  # The bundle's version goes into both programs (AssemblyInformationalVersion "<version>+<commit>",
  # Directory.Build.props): the server's start-up line, appliance_build_info, GetServerInfo,
  # `appliancectl status` and `appliancectl --version` all read it, so an upgrade shows the version
  # that actually runs. Only the two programs carry it: stamping another version recompiles two projects.
  common=(-c Release -r "${RID}" --self-contained true --nologo -clp:ErrorsOnly
    -p:ApplianceVersion="${version}+${commit}"
    -p:LlamaBackend="${backend}" -p:PublishDocumentationFiles=false
    -p:PublishReferencesDocumentationFiles=false "${restore_flag[@]}")
  echo "build.sh: publishing the server (Release, ${RID}, self-contained, LlamaBackend=${backend})"
  dotnet publish "${repo}/src/Appliance.Server" "${common[@]}" -o "${publish_dir}/server"
  echo "build.sh: publishing appliancectl"
  dotnet publish "${repo}/src/Appliance.Cli" "${common[@]}" -o "${publish_dir}/cli"
  {
    echo "llama_backend=${backend}"
    echo "commit=${commit}"
    echo "version=${version}"
    echo "published=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "dotnet_sdk=$(dotnet --version)"
  } >"${publish_dir}/publish.info"
  echo "build.sh: published in $((SECONDS - started)) s"
fi

[[ -x ${publish_dir}/server/Appliance.Server && -x ${publish_dir}/cli/appliancectl && -f ${publish_dir}/publish.info ]] ||
  fail "${publish_dir} holds no complete publish (server/Appliance.Server, cli/appliancectl, publish.info); run without --no-publish"
info() { sed -n "s/^$1=//p" "${publish_dir}/publish.info"; }
published_backend=$(info llama_backend)
if [[ -n ${backend} && ${backend} != "${published_backend}" ]]; then
  fail "--llama-backend ${backend}, but ${publish_dir} was published with ${published_backend}"
fi
published_commit=$(info commit)
published_version=$(info version)
[[ ${published_version} == "${version}" ]] ||
  fail "${publish_dir} was published as version '${published_version}', and the binaries carry that version; publish again (without --no-publish) to make ${version}"

# ---- 2. Stage the bundle's files. ----
packaging=${SECONDS}
stage_root=${output}/.stage-${version}
stage=${stage_root}/${name}
rm -rf "${stage_root}" "${archive}" "${archive}.sha256"
mkdir -p "${stage}/bin" "${stage}/systemd" "${stage}/config" "${stage}/prometheus" \
  "${stage}/grafana" "${stage}/models" "${stage}/contracts" "${stage}/lb" "${stage}/kubernetes"
trap 'rm -rf "${stage_root}"' EXIT

# Hard links where possible: the published files are hundreds of MB.
cp -al "${publish_dir}/server" "${stage}/bin/server" 2>/dev/null || cp -a "${publish_dir}/server" "${stage}/bin/server"
cp -al "${publish_dir}/cli" "${stage}/bin/cli" 2>/dev/null || cp -a "${publish_dir}/cli" "${stage}/bin/cli"

appliance=${repo}/appliance
cp "${appliance}/bundle/install.sh" "${appliance}/bundle/uninstall.sh" "${appliance}/RUNBOOK.md" \
  "${appliance}/README.md" "${stage}/"
cp "${appliance}/systemd/appliance.service" "${appliance}/systemd/network.conf" "${stage}/systemd/"
cp "${appliance}"/config/* "${stage}/config/"
cp -R "${appliance}/prometheus/prometheus.yml" "${appliance}/prometheus/README.md" \
  "${appliance}/prometheus/rules" "${appliance}/prometheus/tests" "${stage}/prometheus/"
cp -R "${appliance}/grafana/README.md" "${appliance}/grafana/dashboards" \
  "${appliance}/grafana/provisioning" "${stage}/grafana/"
# Beyond one box (issue 20): the HAProxy configurations (with model-backends.sh and its examples) and
# the Kubernetes manifests with their READMEs and check scripts (the Containerfile builds an image from this bundle). The check's
# npm packages are not shipped: kubernetes/check.sh installs them from package-lock.json.
(cd "${appliance}/lb" && find . -type f -print0 | xargs -0 -r cp --parents -t "${stage}/lb/")
(cd "${appliance}/kubernetes" && find . -path ./check/node_modules -prune -o -type f -print0 |
  xargs -0 -r cp --parents -t "${stage}/kubernetes/")
# Manifests and their documentation only: weights never go into a bundle.
(cd "${repo}/models" && find . -type f \( -name '*.json' -o -name '*.md' \) -print0 |
  xargs -0 -r cp --parents -t "${stage}/models/")

# The gRPC contract, for integrators who build clients on the hospital network: every .proto
# file (appliance.v1 and the grpc.health.v1 the server answers) and one descriptor set of them
# with imports and comments (buf curl --schema, grpcurl -protoset, code generators).
(cd "${repo}/src/Appliance.Contracts/Protos" && find . -type f -name '*.proto' -print0 |
  xargs -0 -r cp --parents -t "${stage}/contracts/")
"${repo}/contracts/buf.sh" build --output "${stage}/contracts/appliance.v1.binpb"

chmod -R u+rwX,go+rX,go-w "${stage}"
chmod 0755 "${stage}/install.sh" "${stage}/uninstall.sh"

# ---- 3. MANIFEST, then SHA256SUMS over every file (MANIFEST included). ----
files=$(cd "${stage}" && find . -type f -printf '%s %P\n' | LC_ALL=C sort -k2)
file_count=$(wc -l <<<"${files}")
runtime_version=$(grep -A1 '"Microsoft.NETCore.App"' "${stage}/bin/server/Appliance.Server.runtimeconfig.json" |
  sed -n 's/.*"version": *"\([^"]*\)".*/\1/p')
payload_bytes=$(awk '{ total += $1 } END { print total }' <<<"${files}")
{
  echo "name: appliance"
  echo "version: ${version}"
  echo "commit: ${published_commit}"
  echo "build_date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "published: $(info published)"
  echo "runtime: ${RID}, self-contained .NET ${runtime_version} (SDK $(info dotnet_sdk))"
  echo "llama_backend: ${published_backend}"
  echo "files: ${file_count} (plus MANIFEST and SHA256SUMS)"
  echo "size_bytes: ${payload_bytes} (unpacked, without MANIFEST and SHA256SUMS)"
  echo "size: $((payload_bytes / 1048576)) MiB"
  echo
  echo "# bytes path"
  echo "${files}"
} >"${stage}/MANIFEST"
(cd "${stage}" && find . -type f ! -name SHA256SUMS -printf '%P\0' | LC_ALL=C sort -z |
  xargs -0 sha256sum --) >"${stage_root}/SHA256SUMS"
mv "${stage_root}/SHA256SUMS" "${stage}/SHA256SUMS"
chmod 0644 "${stage}/MANIFEST" "${stage}/SHA256SUMS"

# ---- 4. The archive and its checksum. ----
tar --sort=name --owner=0 --group=0 --numeric-owner -C "${stage_root}" -cf - "${name}" |
  gzip "-${gzip_level}" -n >"${archive}.partial"
mv "${archive}.partial" "${archive}"
(cd "${output}" && sha256sum -- "${name}.tar.gz" >"${name}.tar.gz.sha256")

archive_bytes=$(stat -c %s "${archive}")
echo "build.sh: ${archive}"
echo "build.sh:   version ${version}, commit ${published_commit}, LlamaBackend ${published_backend}"
echo "build.sh:   ${file_count} files, $((payload_bytes / 1048576)) MiB unpacked, $((archive_bytes / 1048576)) MiB archive; packaged in $((SECONDS - packaging)) s"
echo "build.sh:   sha256 $(cut -d' ' -f1 "${archive}.sha256") (also in ${name}.tar.gz.sha256)"
