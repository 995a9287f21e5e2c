# shellcheck shell=bash
# Shared by the tools/series-*.sh scripts; source it, don't run it.
#
# The patch series for upstream bb-remote-execution lives in
# patches/bb-remote-execution/:
#   BASE       the upstream commit the series applies to (40 hex digits)
#   series     the patch files, one per line, in the order they apply
#   NNNN-*.patch
# Lines in "series" that are empty or start with "#" are ignored.

series_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
series_dir=${SERIES_DIR:-${series_root}/patches/bb-remote-execution}

series_die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

# Print the base commit.
series_base() {
	local base
	[ -f "${series_dir}/BASE" ] || series_die "${series_dir}/BASE does not exist"
	base=$(tr -d ' \t\n' <"${series_dir}/BASE")
	[[ ${base} =~ ^[0-9a-f]{40}$ ]] || series_die "${series_dir}/BASE does not hold a 40 digit commit hash"
	echo "${base}"
}

# Print the patch file names listed in "series", in order.
series_patches() {
	[ -f "${series_dir}/series" ] || series_die "${series_dir}/series does not exist"
	grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "${series_dir}/series" || true
}

# Run git in an upstream checkout. git am needs a committer identity;
# use a neutral one where none is configured.
series_git() {
	local dir=$1
	shift
	if git -C "${dir}" config user.email >/dev/null; then
		git -C "${dir}" "$@"
	else
		git -C "${dir}" -c user.name="bb-chroot series" -c user.email="series@bb-chroot.invalid" "$@"
	fi
}

# Check that a directory is an upstream checkout containing the base
# commit.
series_check_upstream() {
	local dir=$1 base=$2
	[ -d "${dir}" ] || series_die "${dir} is not a directory"
	git -C "${dir}" rev-parse --git-dir >/dev/null 2>&1 || series_die "${dir} is not a Git checkout"
	git -C "${dir}" cat-file -e "${base}^{commit}" 2>/dev/null ||
		series_die "${dir} does not contain base commit ${base}; run: git -C ${dir} fetch origin"
}

# Write commits in RANGE of the upstream checkout DIR as patches into
# OUTDIR, the same way on every machine: no numbering in subjects, no
# commit hashes or Git version, full blob hashes, no rename detection
# (so that every patch tool, including Bazel's, can apply them), and no
# user configuration that changes the output.
series_format_patch() {
	local dir=$1 outdir=$2 range=$3
	git -C "${dir}" \
		-c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c diff.renames=false -c diff.algorithm=myers \
		-c format.coverLetter=false -c format.signOff=false \
		-c format.thread=false -c format.useAutoBase=false \
		format-patch --quiet --output-directory="${outdir}" \
		--no-numbered --subject-prefix=PATCH --suffix=.patch \
		--zero-commit --no-signature --full-index --no-renames \
		--no-to --no-cc \
		"${range}"
}
