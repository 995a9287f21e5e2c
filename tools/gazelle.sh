#!/usr/bin/env bash
# Regenerate this repository's Bazel files with gazelle, without Bazel.
#
#   tools/gazelle.sh          regenerate the files
#   tools/gazelle.sh --check  regenerate them, then fail if any of them
#                             differs from what is committed
#
# It updates:
#   - go_dependencies.bzl: a go_repository per module in go.mod, for
#     WORKSPACE users (gazelle update-repos). Attributes added by hand,
#     such as build_file_generation, are kept across updates.
#   - BUILD.bazel in every Go package (gazelle fix).
#   - the use_repo() list of go_deps in MODULE.bazel: every external
#     repository that a BUILD.bazel file names, as "bazel mod tidy"
#     would write it.
#
# Gazelle is run with "go run" at a pinned version (v0.54 does not
# build that way). It needs the Go module proxy or a warm module cache.
set -euo pipefail

gazelle_version=v0.51.3

check=false
case "${1:-}" in
"") ;;
--check) check=true ;;
*)
	echo "Usage: $0 [--check]" >&2
	exit 2
	;;
esac

cd "$(dirname "$0")/.."

gazelle() {
	go run "github.com/bazelbuild/bazel-gazelle/cmd/gazelle@${gazelle_version}" "$@"
}

# update-repos reads the macro file named in WORKSPACE, so it has to
# exist before the first run.
if [ ! -e go_dependencies.bzl ]; then
	printf 'def go_dependencies():\n    pass\n' >go_dependencies.bzl
fi
gazelle update-repos \
	-from_file=go.mod \
	-to_macro=go_dependencies.bzl%go_dependencies \
	-prune \
	-build_file_proto_mode=disable_global
gazelle update -repo_root=.

# Rewrite the use_repo(go_deps, ...) block of MODULE.bazel.
repos=$(git ls-files --cached --others --exclude-standard -- 'BUILD.bazel' '*/BUILD.bazel' |
	xargs -r grep -ho '"@[A-Za-z0-9_.~+-]*//' |
	sed -e 's/^"@//' -e 's|//$||' |
	grep -v -x -e io_bazel_rules_go -e bazel_gazelle |
	LC_ALL=C sort -u || true)
repos="${repos}" awk '
	/^use_repo\($/ { getline next_line
		if (next_line ~ /^    go_deps,$/) {
			print; print next_line
			n = split(ENVIRON["repos"], r, "\n")
			for (i = 1; i <= n; i++) if (r[i] != "") printf "    \"%s\",\n", r[i]
			skipping = 1
			next
		}
		print; print next_line; next
	}
	skipping && /^\)$/ { skipping = 0 }
	!skipping { print }
' MODULE.bazel >MODULE.bazel.tmp
mv MODULE.bazel.tmp MODULE.bazel

if "${check}"; then
	status=0
	if ! git diff --exit-code -- '*.bazel' '*.bzl' WORKSPACE; then
		echo "Bazel files are not current: run tools/gazelle.sh and commit the result" >&2
		status=1
	fi
	untracked=$(git ls-files --others --exclude-standard -- '*.bazel' '*.bzl' WORKSPACE)
	if [ -n "${untracked}" ]; then
		printf 'Bazel files not committed:\n%s\n' "${untracked}" >&2
		status=1
	fi
	exit "${status}"
fi
