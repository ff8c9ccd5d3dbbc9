#!/usr/bin/env bash
# Builds libllama.so (with libggml*.so and, where the source has it, libmtmd.so) from the llama.cpp
# commit that LLamaSharp 0.30.0 binds, for this box's CPU (-march=native) or its NVIDIA GPU (CUDA),
# into a folder that Appliance:Llama:NativeLibraryPath can point at. Optional: the appliance ships
# LLamaSharp's prebuilt libraries; a build for the machine decodes faster (docs/benchmarks.md).
#
# LLamaSharp's structs must match the library's byte for byte, so only that one commit works: the
# script refuses a source of any other commit, stamps the commit into the library (ggml_commit),
# and the appliance checks the stamp at start-up and refuses a library of another commit.
#
# usage: build-libllama.sh [--source DIR | --git URL | --tarball FILE.tar.gz] [--cuda] [--out DIR]
#                          [--jobs N] [--dry-run]
#   --source DIR      a git checkout of llama.cpp (its HEAD must be the commit)
#   --git URL         clone URL (default https://github.com/ggml-org/llama.cpp), checked out at the commit
#   --tarball FILE    a GitHub archive of the commit (its commit id is read with git get-tar-commit-id)
#   --cuda            build the CUDA backend (needs nvcc); default: CPU only, tuned for this CPU
#   --out DIR         where the libraries go (default /opt/appliance/native/llama-<commit>-<cpu|cuda>)
#   --dry-run         print the commands, run nothing
# Prints the path of libllama.so last. Needs git, cmake (>= 3.14), a C/C++ compiler.
set -euo pipefail

readonly COMMIT=815a2a5915f22ce6a760c676389c5dfe8535c08f   # LLamaSharp 0.30.0's README; its own libggml-base reports 815a2a591
readonly SHORT=${COMMIT:0:9}
source_dir="" git_url="" tarball="" cuda=0 out="" jobs="$(nproc 2>/dev/null || echo 2)" dry_run=0

die() { echo "build-libllama.sh: $*" >&2; exit 1; }
run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  if [[ ${dry_run} -eq 0 ]]; then "$@"; fi
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --source) source_dir=${2:?--source needs a folder}; shift 2 ;;
    --git) git_url=${2:?--git needs a URL}; shift 2 ;;
    --tarball) tarball=${2:?--tarball needs a file}; shift 2 ;;
    --cuda) cuda=1; shift ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown option $1 (--help)" ;;
  esac
done

[[ -n ${source_dir}${tarball} ]] || git_url=${git_url:-https://github.com/ggml-org/llama.cpp}
kind=$([[ ${cuda} -eq 1 ]] && echo cuda || echo cpu)
out=${out:-/opt/appliance/native/llama-${SHORT}-${kind}}
work=$(mktemp -d "${TMPDIR:-/tmp}/build-libllama.XXXXXX")
trap 'rm -rf "${work}"' EXIT

if [[ -n ${tarball} ]]; then
  [[ -f ${tarball} ]] || die "no file ${tarball}"
  found=$(gzip -dc "${tarball}" | git get-tar-commit-id || true)
  [[ ${found} == "${COMMIT}" ]] || die "${tarball} is an archive of commit '${found:-unknown}', not ${COMMIT}: refused (LLamaSharp 0.30.0 binds that commit only)"
  run mkdir -p "${work}/src"
  run tar -xzf "${tarball}" -C "${work}/src" --strip-components=1
  source_dir=${work}/src
elif [[ -n ${git_url} ]]; then
  source_dir=${work}/src
  run git init -q "${source_dir}"
  run git -C "${source_dir}" fetch -q --depth 1 "${git_url}" "${COMMIT}"
  run git -C "${source_dir}" checkout -q FETCH_HEAD
fi

if [[ ${dry_run} -eq 0 ]]; then
  [[ -f ${source_dir}/CMakeLists.txt ]] || die "${source_dir} holds no llama.cpp source (no CMakeLists.txt)"
  if [[ -z ${tarball} ]]; then
    head=$(git -C "${source_dir}" rev-parse HEAD 2>/dev/null) || die "${source_dir} is not a git checkout: its commit cannot be checked (use --git or --tarball)"
    [[ ${head} == "${COMMIT}" ]] || die "${source_dir} is at commit ${head}, not ${COMMIT}: refused (LLamaSharp 0.30.0 binds that commit only)"
  fi
fi

options=(
  -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DLLAMA_BUILD_COMMIT="${SHORT}"
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF
  # The libraries find each other in their own folder (the build folder is deleted afterwards).
  -DCMAKE_BUILD_RPATH="\$ORIGIN" -DCMAKE_INSTALL_RPATH="\$ORIGIN"
)
if [[ ${cuda} -eq 1 ]]; then
  options+=(-DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=native -DGGML_NATIVE=ON)
else
  options+=(-DGGML_NATIVE=ON)   # -march=native: every instruction set this CPU has (AVX-512, AMX...)
fi

build=${work}/build
run cmake -S "${source_dir}" -B "${build}" "${options[@]}"
run cmake --build "${build}" --config Release -j "${jobs}" --target llama
# Multimodal projector support (libmtmd.so) where the source has the target; the appliance loads it if present.
if [[ ${dry_run} -eq 1 ]]; then
  run cmake --build "${build}" --config Release -j "${jobs}" --target mtmd
elif ! cmake --build "${build}" --config Release -j "${jobs}" --target mtmd; then
  echo "build-libllama.sh: no mtmd target in this source; libmtmd.so not built (text models are unaffected)" >&2
fi

run mkdir -p "${out}"
if [[ ${dry_run} -eq 0 ]]; then
  find "${build}" -name 'lib*.so*' \( -type f -o -type l \) -exec cp -a {} "${out}/" \;
  [[ -f ${out}/libllama.so ]] || die "the build produced no libllama.so"
else
  echo "+ cp -a ${build}/bin/lib*.so* ${out}/"
fi

echo "build-libllama.sh: set Appliance:Llama:NativeLibraryPath (appliance.json) or Appliance__Llama__NativeLibraryPath to:" >&2
echo "${out}/libllama.so"
