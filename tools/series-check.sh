#!/usr/bin/env bash
# Check the patch series in patches/bb-remote-execution/.
#
#   tools/series-check.sh [UPSTREAM_DIR]
#
# Without an upstream checkout it checks that:
#   - "series" lists every .patch file in the directory exactly once,
#     numbered 0001, 0002, ... in the order of the series;
#   - every patch is "git format-patch" output as tools/series-export.sh
#     writes it: a "From 000...000" line, From/Date headers, a
#     "[PATCH]" subject, a "---" line and at least one diff;
#   - every subject is imperative-styled: starts with a capital letter,
#     has no "feat:"/"runner:" style prefix and no final period, and is
#     at most 72 characters (a warning above 50);
#   - every body is non-empty and wrapped at 72 columns (lines without
#     spaces, such as URLs, and trailers may be longer).
# With UPSTREAM_DIR, a bb-remote-execution checkout containing the base
# commit, it also checks in a temporary worktree that:
#   - the series applies with "git am" on the base commit;
#   - exporting the applied commits again reproduces the patch files
#     byte for byte, i.e. they are unedited tools/series-export.sh
#     output.
set -euo pipefail
source "$(dirname "$0")/series-lib.sh"

if [ "$#" -gt 1 ]; then
	echo "Usage: $0 [UPSTREAM_DIR]" >&2
	exit 2
fi
upstream=${1:-}

errors=0
error() {
	echo "ERROR: $*" >&2
	errors=$((errors + 1))
}

base=$(series_base)
mapfile -t patches < <(series_patches)
[ "${#patches[@]}" -gt 0 ] || error "series lists no patches"

# The series file and the directory agree.
declare -A listed=()
n=0
for patch in "${patches[@]}"; do
	n=$((n + 1))
	[ -z "${listed[${patch}]:-}" ] || error "series lists ${patch} twice"
	listed[${patch}]=1
	[ -f "${series_dir}/${patch}" ] || error "series lists ${patch}, which does not exist"
	if [[ ! ${patch} =~ ^([0-9]{4})-[A-Za-z0-9._-]+\.patch$ ]]; then
		error "${patch}: name is not NNNN-subject.patch"
	elif [ "${BASH_REMATCH[1]}" != "$(printf %04d "${n}")" ]; then
		error "${patch}: is number ${n} in series"
	fi
done
for file in "${series_dir}"/*.patch; do
	[ -e "${file}" ] || continue
	[ -n "${listed[$(basename "${file}")]:-}" ] || error "$(basename "${file}") is not listed in series"
done

# Each patch looks like format-patch output with a good message.
for patch in "${patches[@]}"; do
	[ -f "${series_dir}/${patch}" ] || continue
	while IFS= read -r line; do
		case "${line}" in
		ERROR:*) error "${patch}: ${line#ERROR: }" ;;
		WARNING:*) echo "WARNING: ${patch}: ${line#WARNING: }" >&2 ;;
		esac
	done < <(awk '
		function err(m) { print "ERROR: " m }
		NR == 1 {
			if ($0 !~ /^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/)
				err("first line is not a git format-patch \"From\" line")
			else if ($2 !~ /^0+$/)
				err("\"From\" line has a commit hash; export with --zero-commit")
			state = "headers"; next
		}
		state == "headers" {
			if ($0 == "") { state = "body"; next }
			if ($0 ~ /^[ \t]/) { if (last == "subject") subject = subject $0; next }
			last = ""
			if ($0 ~ /^From: /) from = 1
			else if ($0 ~ /^Date: /) date = 1
			else if ($0 ~ /^Subject: /) { subject = substr($0, 10); last = "subject" }
			next
		}
		state == "body" {
			if ($0 == "---") { state = "diff"; next }
			if ($0 ~ /[^ \t]/) body = 1
			if (length($0) > 72 && $0 ~ / / && $0 !~ /^[A-Z][A-Za-z-]*: .*<[^>]*>$/)
				err("body line longer than 72 columns: " $0)
			next
		}
		state == "diff" {
			if ($0 ~ /^diff --git a\//) diffs++
			if ($0 == "-- ") signature = NR
		}
		END {
			if (!from) err("no From: header")
			if (!date) err("no Date: header")
			if (state != "diff") err("no \"---\" line after the commit message")
			if (!diffs) err("no diff")
			if (signature && NR - signature <= 2) err("ends with a signature; export with --no-signature")
			if (subject !~ /^\[PATCH\] /) {
				err("subject does not start with \"[PATCH] \": " subject)
			} else {
				s = substr(subject, 9)
				if (s !~ /^[A-Z]/) err("subject does not start with a capital letter: " s)
				if (s ~ /^[^ ]+: /) err("subject has a prefix: " s)
				if (s ~ /\.$/) err("subject ends with a period: " s)
				if (length(s) > 72) err("subject longer than 72 characters: " s)
				else if (length(s) > 50) print "WARNING: subject longer than 50 characters: " s
			}
			if (!body) err("commit message has no body")
		}
	' "${series_dir}/${patch}")
done

if [ -z "${upstream}" ]; then
	echo "No UPSTREAM_DIR given: not checking that the series applies" >&2
else
	series_check_upstream "${upstream}" "${base}"
	tmp=$(mktemp -d)
	worktree=${tmp}/worktree
	cleanup() {
		git -C "${upstream}" worktree remove --force "${worktree}" 2>/dev/null || true
		rm -rf "${tmp}"
	}
	trap cleanup EXIT
	git -C "${upstream}" worktree add --quiet --detach "${worktree}" "${base}"
	applied=true
	for patch in "${patches[@]}"; do
		if ! series_git "${worktree}" am --quiet --no-3way --whitespace=nowarn "${series_dir}/${patch}"; then
			error "${patch} does not apply with git am on top of the patches before it"
			series_git "${worktree}" am --abort
			applied=false
			break
		fi
	done
	if "${applied}" && [ "${#patches[@]}" -gt 0 ]; then
		mkdir "${tmp}/export"
		series_format_patch "${worktree}" "${tmp}/export" "${base}..HEAD"
		for patch in "${patches[@]}"; do
			if [ ! -f "${tmp}/export/${patch}" ]; then
				error "${patch}: exporting the applied series gives another file name; run tools/series-export.sh"
			elif ! diff -u "${series_dir}/${patch}" "${tmp}/export/${patch}" >&2; then
				error "${patch} differs from what tools/series-export.sh writes for it"
			fi
		done
	fi
fi

if [ "${errors}" -gt 0 ]; then
	echo "${errors} problems found in ${series_dir}" >&2
	exit 1
fi
echo "Series OK: ${#patches[@]} patches on ${base}"
