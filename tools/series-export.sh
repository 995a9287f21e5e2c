#!/usr/bin/env bash
# Write the fork's commits back to patches/bb-remote-execution/: every
# commit between the base and HEAD (or REV) of an upstream
# bb-remote-execution checkout becomes one patch, and "series" is
# rewritten to list them in order.
#
#   tools/series-export.sh [--base COMMIT] UPSTREAM_DIR [REV]
#
# --base COMMIT exports against another base, e.g. after rebasing the
# fork onto a newer upstream commit, and writes it to BASE.
#
# The patches are written so that exporting the same commits again
# gives the same files: "[PATCH]" subjects without numbers, no commit
# hashes, no Git version signature and full blob hashes. Only the
# NNNN- prefix of the file names follows the position in the series.
# The README and BASE files are left alone (except for --base).
set -euo pipefail
source "$(dirname "$0")/series-lib.sh"

new_base=
if [ "${1:-}" = "--base" ]; then
	[ "$#" -ge 2 ] || series_die "--base needs a commit"
	new_base=$2
	shift 2
fi
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
	echo "Usage: $0 [--base COMMIT] UPSTREAM_DIR [REV]" >&2
	exit 2
fi
upstream=$1
rev=${2:-HEAD}

if [ -n "${new_base}" ]; then
	base=$(git -C "${upstream}" rev-parse --verify --quiet "${new_base}^{commit}") ||
		series_die "${new_base} is not a commit in ${upstream}"
else
	base=$(series_base)
fi
series_check_upstream "${upstream}" "${base}"
head=$(git -C "${upstream}" rev-parse --verify --quiet "${rev}^{commit}") ||
	series_die "${rev} is not a commit in ${upstream}"
git -C "${upstream}" merge-base --is-ancestor "${base}" "${head}" ||
	series_die "${rev} does not descend from base ${base}; rebase it first"
[ -z "$(git -C "${upstream}" rev-list --merges "${base}..${head}")" ] ||
	series_die "${base}..${rev} contains merge commits, which a patch series cannot express"
count=$(git -C "${upstream}" rev-list --count "${base}..${head}")
[ "${count}" -gt 0 ] || series_die "${rev} has no commits on top of ${base}"

tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT
series_format_patch "${upstream}" "${tmp}" "${base}..${head}"

mkdir -p "${series_dir}"
rm -f "${series_dir}"/*.patch
(cd "${tmp}" && LC_ALL=C ls -1 -- *.patch) >"${series_dir}/series"
cp "${tmp}"/*.patch "${series_dir}/"
if [ -n "${new_base}" ]; then
	echo "${base}" >"${series_dir}/BASE"
fi
echo "Exported ${count} patches from ${base}..${rev} to ${series_dir}"
