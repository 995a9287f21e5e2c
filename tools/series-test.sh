#!/usr/bin/env bash
# Build and test every prefix of the patch series with plain Go, as the
# GitHub workflow does.
#
#   tools/series-test.sh UPSTREAM_DIR [FIRST [LAST]]
#
# UPSTREAM_DIR is a bb-remote-execution checkout containing the base
# commit; it is not modified (the work happens in a temporary
# worktree). For each prefix 1..k of the series (k from FIRST to LAST,
# by default all of them), starting from a clean tree at the base
# commit, it:
#   1. applies patches 1..k with git am;
#   2. runs "go build" on every package, except those that upstream
#      builds only with Bazel: cmd/bb_runner_installer embeds a
#      Bazel-built bb_runner, internal/mock consists of Bazel-generated
#      mocks (see step 3), and tools/ imports programs;
#   3. generates the internal/mock mocks that the tests of the packages
#      touched by patches 1..k use (tools/upstream-mocks.sh);
#   4. runs "go vet" on the touched packages. Packages that exist at the
#      base are vetted without the copylocks analyzer, which upstream
#      code fails at the base (pkg/builder copies protobuf messages);
#      packages that the series adds get every analyzer;
#   5. runs "go test" on the touched packages;
#   6. checks the touched .go files (except .pb.go) with gofumpt -extra,
#      at the version in upstream's go.mod, as upstream's CI does.
# Tests that need root skip themselves unless this runs as root.
set -euo pipefail
source "$(dirname "$0")/series-lib.sh"

if [ "$#" -lt 1 ] || [ "$#" -gt 3 ]; then
	echo "Usage: $0 UPSTREAM_DIR [FIRST [LAST]]" >&2
	exit 2
fi
upstream=$1
base=$(series_base)
series_check_upstream "${upstream}" "${base}"
mapfile -t patches < <(series_patches)
[ "${#patches[@]}" -gt 0 ] || series_die "series lists no patches"
first=${2:-1}
last=${3:-${#patches[@]}}

tmp=$(mktemp -d)
worktree=${tmp}/worktree
cleanup() {
	git -C "${upstream}" worktree remove --force "${worktree}" 2>/dev/null || true
	rm -rf "${tmp}"
}
trap cleanup EXIT
git -C "${upstream}" worktree add --quiet --detach "${worktree}" "${base}"
cd "${worktree}"
module=$(go list -m)
gofumpt_version=$(awk '$1 == "mvdan.cc/gofumpt" { print $2 }' go.mod)

# Run a step of prefix k; record it as failed if it fails.
step() {
	local name=$1
	shift
	echo "--- ${name}"
	if ! "$@"; then
		failed+=("${k} (${name})")
		return 1
	fi
}

# Whether the tests of any of the given packages use internal/mock.
uses_mocks() {
	local pkg
	for pkg in "$@"; do
		if grep -q -s -F "\"${module}/internal/mock\"" "${pkg}"/*_test.go; then
			return 0
		fi
	done
	return 1
}

gofumpt_check() {
	local out
	out=$(go run "mvdan.cc/gofumpt@${gofumpt_version}" -l -extra "$@")
	if [ -n "${out}" ]; then
		echo "Not formatted with gofumpt -extra: ${out//$'\n'/ }" >&2
		return 1
	fi
}

failed=()
for ((k = first; k <= last; k++)); do
	patch=${patches[k - 1]}
	echo "=== Prefix ${k}/${#patches[@]}: ${patch}"
	git reset --quiet --hard "${base}"
	git clean --quiet -fdx
	prefix=()
	for ((i = 0; i < k; i++)); do
		prefix+=("${series_dir}/${patches[i]}")
	done
	if ! series_git . am --quiet --no-3way --whitespace=nowarn "${prefix[@]}"; then
		series_git . am --abort
		failed+=("${k} (git am)")
		continue
	fi

	# Packages touched by patches 1..k that still exist, except
	# testdata and the generated mocks in internal/mock.
	mapfile -t go_files < <(git diff --name-only --diff-filter=d "${base}" HEAD -- '*.go')
	mapfile -t pkgs < <(for f in "${go_files[@]}"; do dirname "${f}"; done |
		grep -v -e '/testdata$' -e '/testdata/' -e '^internal/mock$' | LC_ALL=C sort -u || true)
	old_pkgs=() new_pkgs=()
	for pkg in "${pkgs[@]}"; do
		if git cat-file -e "${base}:${pkg}" 2>/dev/null; then
			old_pkgs+=("./${pkg}")
		else
			new_pkgs+=("./${pkg}")
		fi
	done
	echo "Touched packages: ${pkgs[*]:-none}"

	mapfile -t build_pkgs < <(go list -e ./... | grep -v -x -F -e "${module}/cmd/bb_runner_installer" -e "${module}/internal/mock" -e "${module}/tools")
	step "go build" go build "${build_pkgs[@]}" || continue
	if [ "${#pkgs[@]}" -eq 0 ]; then
		continue
	fi
	if uses_mocks "${pkgs[@]}"; then
		step "mocks" "${series_root}/tools/upstream-mocks.sh" . "${pkgs[@]}" || continue
	fi
	if [ "${#old_pkgs[@]}" -gt 0 ]; then
		step "go vet -copylocks=false" go vet -copylocks=false "${old_pkgs[@]}" || continue
	fi
	if [ "${#new_pkgs[@]}" -gt 0 ]; then
		step "go vet" go vet "${new_pkgs[@]}" || continue
	fi
	step "go test" go test -count=1 "${pkgs[@]/#/./}" || continue
	mapfile -t fmt_files < <(printf '%s\n' "${go_files[@]}" | grep -v '\.pb\.go$' || true)
	if [ -n "${gofumpt_version}" ] && [ "${#fmt_files[@]}" -gt 0 ]; then
		step "gofumpt" gofumpt_check "${fmt_files[@]}" || continue
	fi
done

if [ "${#failed[@]}" -gt 0 ]; then
	echo "FAILED prefixes: ${failed[*]}" >&2
	exit 1
fi
echo "All prefixes ${first}..${last} of ${#patches[@]} build, vet and pass their tests"
