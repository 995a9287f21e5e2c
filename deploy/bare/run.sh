#!/usr/bin/env bash
# Run a local Buildbarn deployment on loopback, from binaries that you
# provide: bb_storage, bb_scheduler and bb_worker of upstream Buildbarn,
# and bb_runner of bb-chroot. See docs/deploy/bare.md.
#
#   deploy/bare/run.sh           start, run bb_chroot_repro --remote, stop
#   deploy/bare/run.sh up        start, and print how to reach it
#   deploy/bare/run.sh check     run bb_chroot_repro --remote against it
#   deploy/bare/run.sh down      stop, and remove its directory
#
# Environment:
#   BB_STORAGE, BB_SCHEDULER, BB_WORKER
#                   Paths of upstream's binaries (required for "up").
#                   This script never builds them.
#   BB_RUNNER       Path of bb-chroot's bb_runner. Default: built from
#                   this checkout with "go build".
#   BB_CHROOT_REPRO Path of bb_chroot_repro. Default: built from this
#                   checkout with "go build".
#   BB_DEPLOY_DIR   Directory holding the deployment's state, logs and
#                   process IDs. Default: a new temporary directory for
#                   "up"; "check" and "down" need it.
#   BB_DEPLOY_PORT_BASE
#                   First TCP port (default 8980). The frontend
#                   listens on it, bb_scheduler on the next ones, and
#                   diagnostics web servers 1000 ports above.
#   BB_DEPLOY_INSTANCE_NAME
#                   Instance name of the worker (default: empty).
#   BB_DEPLOY_WORKER_DEVICE_NODES
#                   "true" to let bb_worker create character devices in
#                   every input root (default: false).
#   BB_DEPLOY_LEGACY_CONFIGURATION
#                   "true" for upstream binaries older than March 2026
#                   (bb-storage f62d21c), whose "grpc" storage backend
#                   takes the client configuration directly (default:
#                   false).
#   BB_DEPLOY_KEEP  "true" to keep BB_DEPLOY_DIR after "down".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
checkout=$(cd "${here}/../.." && pwd)

export BB_DEPLOY_PORT_BASE="${BB_DEPLOY_PORT_BASE:-8980}"
export BB_DEPLOY_INSTANCE_NAME="${BB_DEPLOY_INSTANCE_NAME:-}"
export BB_DEPLOY_WORKER_DEVICE_NODES="${BB_DEPLOY_WORKER_DEVICE_NODES:-false}"
export BB_DEPLOY_LEGACY_CONFIGURATION="${BB_DEPLOY_LEGACY_CONFIGURATION:-false}"

# Order in which the programs are started. They are stopped in reverse.
programs=(bb_storage bb_scheduler bb_runner bb_worker)

log() {
	echo "bare: $*" >&2
}

die() {
	log "$*"
	exit 1
}

require_deploy_dir() {
	[ -n "${BB_DEPLOY_DIR:-}" ] || die "BB_DEPLOY_DIR is not set: pass the directory that \"$0 up\" printed"
	[ -d "${BB_DEPLOY_DIR}/pids" ] || die "${BB_DEPLOY_DIR} is not the directory of a bare deployment"
}

# build_ours PACKAGE: build one of this checkout's programs into the
# deployment directory, unless a path was given.
build_ours() {
	local name=$1
	local output="${BB_DEPLOY_DIR}/bin/${name}"
	if [ ! -x "${output}" ]; then
		log "building ${name} from ${checkout}"
		mkdir -p "${BB_DEPLOY_DIR}/bin"
		local flags=()
		# bb_sandbox_init acts as the reaper of sandboxes without
		# starting the Go runtime when linked with its own entry point.
		if [ "${name}" = bb_sandbox_init ]; then
			case "$(go env GOARCH)" in amd64 | arm64) flags=(-ldflags=-E=main.reaperEntry) ;; esac
		fi
		(cd "${checkout}" && CGO_ENABLED=0 go build "${flags[@]}" -o "${output}" "./cmd/${name}")
	fi
	echo "${output}"
}

binary_of() {
	case "$1" in
	bb_storage) echo "${BB_STORAGE}" ;;
	bb_scheduler) echo "${BB_SCHEDULER}" ;;
	bb_worker) echo "${BB_WORKER}" ;;
	bb_runner) echo "${BB_RUNNER}" ;;
	esac
}

# port_of PROGRAM: the TCP port that shows that a program is serving.
port_of() {
	case "$1" in
	bb_storage) echo "${BB_DEPLOY_PORT_BASE}" ;;
	bb_scheduler) echo "$((BB_DEPLOY_PORT_BASE + 3))" ;;
	bb_worker) echo "$((BB_DEPLOY_PORT_BASE + 1006))" ;;
	esac
}

is_running() {
	local pid_file="${BB_DEPLOY_DIR}/pids/$1.pid"
	[ -f "${pid_file}" ] && kill -0 "$(cat "${pid_file}")" 2>/dev/null
}

is_serving() {
	if [ "$1" = bb_runner ]; then
		[ -S "${BB_DEPLOY_DIR}/runner/runner.sock" ]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$(port_of "$1")") 2>/dev/null
	fi
}

start_program() {
	local name=$1
	local binary
	binary=$(binary_of "${name}")
	log "starting ${name}: ${binary} ${here}/${name}.jsonnet"
	# Run from the configuration directory, so that the configuration
	# files can import common.libsonnet.
	(cd "${here}" && exec "${binary}" "${name}.jsonnet") >"${BB_DEPLOY_DIR}/logs/${name}.log" 2>&1 &
	echo $! >"${BB_DEPLOY_DIR}/pids/${name}.pid"
	local deadline=$((SECONDS + 30))
	until is_serving "${name}"; do
		if ! is_running "${name}"; then
			log "${name} exited while starting; last lines of ${BB_DEPLOY_DIR}/logs/${name}.log:"
			tail -n 20 "${BB_DEPLOY_DIR}/logs/${name}.log" >&2
			return 1
		fi
		if [ "${SECONDS}" -ge "${deadline}" ]; then
			log "${name} is not serving after 30 seconds; see ${BB_DEPLOY_DIR}/logs/${name}.log"
			return 1
		fi
		sleep 0.1
	done
}

up() {
	[ "$(id -u)" = 0 ] || die "bb_runner creates namespaces and mounts, and bb_worker creates device nodes, so run this as root"
	local name
	for name in BB_STORAGE BB_SCHEDULER BB_WORKER; do
		[ -n "${!name:-}" ] || die "${name} is not set: point it at upstream's ${name,,} binary (this script does not build upstream)"
		[ -x "${!name}" ] || die "${name}=${!name} is not an executable"
	done
	if [ -z "${BB_DEPLOY_DIR:-}" ]; then
		BB_DEPLOY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bb-chroot-bare.XXXXXX")
	fi
	export BB_DEPLOY_DIR
	mkdir -p "${BB_DEPLOY_DIR}"/{pids,logs,runner,worker/build,worker/cache}
	BB_RUNNER="${BB_RUNNER:-$(build_ours bb_runner)}"
	# bb_runner starts bb_sandbox_init as the init process of every
	# action if it is installed next to it.
	[ -x "$(dirname "${BB_RUNNER}")/bb_sandbox_init" ] || build_ours bb_sandbox_init >/dev/null

	for name in "${programs[@]}"; do
		if ! start_program "${name}"; then
			down
			return 1
		fi
	done
	log "running in ${BB_DEPLOY_DIR}"
	log "remote: grpc://127.0.0.1:${BB_DEPLOY_PORT_BASE}, instance name \"${BB_DEPLOY_INSTANCE_NAME}\""
	log "scheduler web UI: http://127.0.0.1:$((BB_DEPLOY_PORT_BASE + 4))/"
	log "to use it from another shell: export BB_DEPLOY_DIR=${BB_DEPLOY_DIR}"
}

check() {
	require_deploy_dir
	local repro="${BB_CHROOT_REPRO:-$(build_ours bb_chroot_repro)}"
	log "running ${repro} --remote grpc://127.0.0.1:${BB_DEPLOY_PORT_BASE} --instance-name \"${BB_DEPLOY_INSTANCE_NAME}\""
	(cd "${checkout}" && "${repro}" --remote "grpc://127.0.0.1:${BB_DEPLOY_PORT_BASE}" --instance-name "${BB_DEPLOY_INSTANCE_NAME}" "$@")
}

# stop_program NAME: SIGTERM, which Buildbarn programs handle by shutting
# down cleanly, then SIGKILL after ten seconds.
stop_program() {
	local name=$1
	local pid_file="${BB_DEPLOY_DIR}/pids/${name}.pid"
	[ -f "${pid_file}" ] || return 0
	local pid
	pid=$(cat "${pid_file}")
	if kill -0 "${pid}" 2>/dev/null; then
		log "stopping ${name} (pid ${pid})"
		kill -TERM "${pid}" 2>/dev/null || true
		local deadline=$((SECONDS + 10))
		while kill -0 "${pid}" 2>/dev/null; do
			if [ "${SECONDS}" -ge "${deadline}" ]; then
				log "${name} did not stop within ten seconds; killing it"
				kill -KILL "${pid}" 2>/dev/null || true
				break
			fi
			sleep 0.1
		done
	fi
	rm -f "${pid_file}"
}

# mounts_under DIR: mount points inside DIR, which must not exist when
# the directory is removed.
mounts_under() {
	awk -v prefix="$1/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo
}

down() {
	require_deploy_dir
	local i
	for ((i = ${#programs[@]} - 1; i >= 0; i--)); do
		stop_program "${programs[i]}"
	done
	# With a FUSE build directory, bb_worker may leave its mount
	# behind when it terminates.
	local build="${BB_DEPLOY_DIR}/worker/build"
	if awk -v mp="${build}" '$5 == mp && / - fuse/ { found = 1 } END { exit !found }' /proc/self/mountinfo; then
		log "unmounting bb_worker's FUSE build directory ${build}"
		umount "${build}" || umount -l "${build}" || true
	fi
	if [ "${BB_DEPLOY_KEEP:-false}" = true ]; then
		log "keeping ${BB_DEPLOY_DIR}"
		return 0
	fi
	local mounts
	mounts=$(mounts_under "${BB_DEPLOY_DIR}")
	if [ -n "${mounts}" ]; then
		log "not removing ${BB_DEPLOY_DIR}, as file systems are still mounted in it:"
		echo "${mounts}" >&2
		return 1
	fi
	rm -rf "${BB_DEPLOY_DIR}"
	log "removed ${BB_DEPLOY_DIR}"
}

case "${1:-}" in
"")
	up
	trap down EXIT
	check
	;;
up) up ;;
check)
	shift
	check "$@"
	;;
down) down ;;
*)
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
