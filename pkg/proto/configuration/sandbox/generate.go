package sandbox

// Regenerate sandbox.pb.go with protoc and the protoc-gen-go version
// that go.mod selects.
//go:generate sh -c "cd ../../../.. && go build -o /tmp/bb_chroot_protoc_gen_go google.golang.org/protobuf/cmd/protoc-gen-go && protoc --plugin=protoc-gen-go=/tmp/bb_chroot_protoc_gen_go --proto_path=. --go_out=. --go_opt=module=github.com/bb-chroot/bb-chroot pkg/proto/configuration/sandbox/sandbox.proto"
