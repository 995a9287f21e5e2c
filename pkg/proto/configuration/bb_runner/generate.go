package bb_runner

// Regenerate bb_runner.pb.go with protoc and the protoc-gen-go version
// that go.mod selects. Upstream's .proto files that are imported are
// obtained from their Go packages, so no checkout of them is needed.
//go:generate sh -c "cd ../../../.. && go run ./tools/protodeps /tmp/bb_chroot_protodeps.pb && go build -o /tmp/bb_chroot_protoc_gen_go google.golang.org/protobuf/cmd/protoc-gen-go && protoc --plugin=protoc-gen-go=/tmp/bb_chroot_protoc_gen_go --descriptor_set_in=/tmp/bb_chroot_protodeps.pb --proto_path=. --go_out=. --go_opt=module=github.com/bb-chroot/bb-chroot pkg/proto/configuration/bb_runner/bb_runner.proto"
