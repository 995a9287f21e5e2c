#!/usr/bin/env bash
# Generate the gomock mocks in internal/mock of a bb-remote-execution
# checkout, so that the tests of the given packages build with plain
# "go test". Upstream generates these mocks with Bazel, from the
# gomock() rules in internal/mock/BUILD.bazel. This script reads the
# same rules and runs mockgen for the mocks that the packages' tests
# use.
#
#   tools/upstream-mocks.sh UPSTREAM_DIR PKG...
#
# PKG is a package directory relative to UPSTREAM_DIR, e.g. pkg/runner.
# The generated files are written to UPSTREAM_DIR/internal/mock. Do not
# commit them there.
#
# Upstream's Bazel build patches mockgen so that it can mock function
# types (e.g. cleaner.Cleaner): the mock gets a Call() method with the
# function's signature. Stock mockgen cannot do that, so for function
# types this script writes a temporary package declaring an interface
# with that Call() method, and runs mockgen on it.
set -euo pipefail

mockgen_version=v0.6.0

if [ "$#" -lt 1 ]; then
	echo "Usage: $0 UPSTREAM_DIR PKG..." >&2
	exit 2
fi
upstream=$1
shift
cd "${upstream}"

# Bazel repositories that gomock() rules name, and their Go import paths.
# Labels in the main repository ("//pkg/...") map onto the module path.
declare -A repo_import_paths=(
	[bazel_remote_apis]=github.com/bazelbuild/remote-apis
	[com_github_buildbarn_bb_storage]=github.com/buildbarn/bb-storage
	[com_github_hanwen_go_fuse_v2]=github.com/hanwen/go-fuse/v2
	[io_opentelemetry_go_otel_trace]=go.opentelemetry.io/otel/trace
	[org_golang_google_grpc]=google.golang.org/grpc
)

# Rules whose mocks are always generated, because files committed in
# internal/mock use them (trace_wrap.go wraps the trace mocks).
always_rules=" trace "

module=$(awk '$1 == "module" { print $2; exit }' go.mod)
helper_dir=internal/mock/funcshimgen
shim_dir=internal/mock/funcshim
trap 'rm -rf "${helper_dir}" "${shim_dir}"' EXIT

# A helper that prints a package declaring, for every function type
# among the given symbols, an interface with a Call() method of the
# same signature. Its first line lists those function types.
mkdir -p "${helper_dir}"
cat >"${helper_dir}/main.go" <<'EOF'
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
)

func main() {
	importPath, symbols := os.Args[1], strings.Split(os.Args[2], ",")
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", importPath).Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "go list:", err)
		os.Exit(1)
	}
	exports := map[string]string{}
	for s := bufio.NewScanner(bytes.NewReader(out)); s.Scan(); {
		if f := strings.SplitN(s.Text(), "\t", 2); len(f) == 2 {
			exports[f[0]] = f[1]
		}
	}
	pkg, err := importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	}).Import(importPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	aliases := map[string]string{}
	qualifier := func(p *types.Package) string {
		if _, ok := aliases[p.Path()]; !ok {
			aliases[p.Path()] = fmt.Sprintf("p%d", len(aliases))
		}
		return aliases[p.Path()]
	}
	var funcs, decls []string
	for _, name := range symbols {
		obj := pkg.Scope().Lookup(name)
		if obj == nil {
			fmt.Fprintf(os.Stderr, "%s has no symbol %s\n", importPath, name)
			os.Exit(1)
		}
		if sig, ok := obj.Type().Underlying().(*types.Signature); ok {
			funcs = append(funcs, name)
			decls = append(decls, fmt.Sprintf("type %s interface {\n\tCall%s\n}\n",
				name, strings.TrimPrefix(types.TypeString(sig, qualifier), "func")))
		}
	}
	fmt.Printf("// %s\n\npackage funcshim\n\n", strings.Join(funcs, ","))
	var paths []string
	for path := range aliases {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		fmt.Printf("import %s %q\n", aliases[path], path)
	}
	fmt.Printf("\n%s", strings.Join(decls, "\n"))
}
EOF

mockgen() {
	go run "go.uber.org/mock/mockgen@${mockgen_version}" "$@"
}

# Print one line per gomock() rule:
#   name out library package interfaces mock_names
# with interfaces as I1,I2 and mock_names as I1=Name1,I2=Name2 (or -).
parse_rules() {
	awk '
		function flush(   s, name, out, lib, pkg, ifaces, names) {
			s = block
			gsub(/[ \t]+/, " ", s)
			name = field(s, "name"); out = field(s, "out")
			lib = field(s, "library"); pkg = field(s, "package")
			ifaces = list(s, "interfaces")
			names = list(s, "mock_names")
			gsub(/:/, "=", names)
			if (names == "") names = "-"
			print name, out, lib, pkg, ifaces, names
		}
		function field(s, key,   t) {
			if (!match(s, key " = \"[^\"]*\"")) return ""
			t = substr(s, RSTART, RLENGTH)
			sub(/^[^"]*"/, "", t); sub(/"$/, "", t)
			return t
		}
		function list(s, key,   t) {
			if (!match(s, key " = [[{][^]}]*[]}]")) return ""
			t = substr(s, RSTART, RLENGTH)
			sub(/^[^[{]*[[{]/, "", t); sub(/[]}]$/, "", t)
			gsub(/[ "]/, "", t); sub(/,$/, "", t)
			return t
		}
		/^gomock\($/ { inside = 1; block = ""; next }
		inside && /^\)$/ { inside = 0; flush(); next }
		inside { block = block " " $0 }
	' internal/mock/BUILD.bazel
}

# Names that the packages' tests use from internal/mock, e.g. MockFoo
# for mock.NewMockFoo(ctrl) or *mock.MockFoo.
used=" "
for pkg in "$@"; do
	while read -r name; do
		used="${used}${name} "
	done < <(cat "${pkg}"/*_test.go 2>/dev/null |
		grep -o 'mock\.[A-Za-z0-9_]*' | sed -e 's/^mock\.//' -e 's/^New//' | sort -u)
done

join() {
	local IFS=,
	echo "$*"
}

while read -r name out library package interfaces mock_names; do
	wanted=()
	for iface in ${interfaces//,/ }; do
		mock_name=Mock${iface}
		for pair in ${mock_names//,/ }; do
			if [ "${pair%%=*}" = "${iface}" ]; then
				mock_name=${pair#*=}
			fi
		done
		if [[ ${always_rules} == *" ${name} "* || ${used} == *" ${mock_name} "* ]]; then
			wanted+=("${iface}")
		fi
	done
	if [ "${#wanted[@]}" -eq 0 ]; then
		continue
	fi

	case "${library}" in
	//*)
		path=${library#//}
		import_path=${module}/${path%%:*}
		;;
	@*)
		repo=${library#@}
		repo=${repo%%//*}
		path=${library#*//}
		path=${path%%:*}
		if [ -z "${repo_import_paths[${repo}]:-}" ]; then
			echo "gomock rule ${name}: add Bazel repository ${repo} to repo_import_paths in $0" >&2
			exit 1
		fi
		import_path=${repo_import_paths[${repo}]}${path:+/${path}}
		;;
	*)
		echo "gomock rule ${name}: cannot handle library ${library}" >&2
		exit 1
		;;
	esac

	flags=(-package "${package}" -self_package "${module}/internal/mock")
	if [ "${mock_names}" != "-" ]; then
		flags+=(-mock_names "${mock_names}")
	fi

	rm -rf "${shim_dir}"
	mkdir -p "${shim_dir}"
	go run "./${helper_dir}" "${import_path}" "$(join "${wanted[@]}")" >"${shim_dir}/funcshim.go"
	funcs=" $(head -n 1 "${shim_dir}/funcshim.go" | sed -e 's|^// *||' -e 's/,/ /g') "
	types=()
	for symbol in "${wanted[@]}"; do
		if [[ ${funcs} != *" ${symbol} "* ]]; then
			types+=("${symbol}")
		fi
	done

	if [ "${#types[@]}" -gt 0 ]; then
		echo "mockgen ${import_path} $(join "${types[@]}") > internal/mock/${out}"
		mockgen "${flags[@]}" -destination "internal/mock/${out}" "${import_path}" "$(join "${types[@]}")"
	fi
	if [ -n "${funcs// /}" ]; then
		read -r -a func_list <<<"${funcs}"
		funcs=$(join "${func_list[@]}")
		echo "mockgen ${import_path} ${funcs} (function types) > internal/mock/${out%.go}_funcs.go"
		mockgen "${flags[@]}" -destination "internal/mock/${out%.go}_funcs.go" "${module}/${shim_dir}" "${funcs}"
	fi
done < <(parse_rules)
