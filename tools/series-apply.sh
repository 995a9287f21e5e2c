#!/usr/bin/env bash
# Materialize the fork: apply the patch series to an upstream
# bb-remote-execution checkout, on a new branch that starts at the
# commit in patches/bb-remote-execution/BASE.
#
#   tools/series-apply.sh [-b BRANCH] UPSTREAM_DIR
#
# BRANCH defaults to "bb-chroot". The checkout must have no local
# changes and must contain the base commit. To get one:
#   git clone https://github.com/buildbarn/bb-remote-execution.git
#
# Edit the resulting commits with the usual Git tools (commit --amend,
# rebase -i), then write them back with tools/series-export.sh.
set -euo pipefail
source "$(dirname "$0")/series-lib.sh"

branch=bb-chroot
while getopts b: opt; do
	case "${opt}" in
	b) branch=${OPTARG} ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ "$#" -ne 1 ]; then
	echo "Usage: $0 [-b BRANCH] UPSTREAM_DIR" >&2
	exit 2
fi
upstream=$1

base=$(series_base)
series_check_upstream "${upstream}" "${base}"
[ -z "$(git -C "${upstream}" status --porcelain)" ] ||
	series_die "${upstream} has local changes; commit or stash them first"
! git -C "${upstream}" rev-parse --verify --quiet "refs/heads/${branch}" >/dev/null ||
	series_die "branch ${branch} already exists in ${upstream}; pass -b with another name"

patches=()
while read -r patch; do
	[ -f "${series_dir}/${patch}" ] || series_die "${series_dir}/${patch} is listed in series but does not exist"
	patches+=("${series_dir}/${patch}")
done < <(series_patches)

git -C "${upstream}" checkout --quiet -b "${branch}" "${base}"
if [ "${#patches[@]}" -gt 0 ] &&
	! series_git "${upstream}" am --quiet --no-3way --whitespace=nowarn "${patches[@]}"; then
	echo "git am stopped; fix the patch in ${upstream} and run git am --continue, or git am --abort" >&2
	exit 1
fi
echo "Applied ${#patches[@]} patches on ${base} as branch ${branch} in ${upstream}"
