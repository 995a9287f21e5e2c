// Command protodeps writes a FileDescriptorSet containing the .proto
// files of upstream Buildbarn that this module's own .proto files
// import. It is passed to protoc through --descriptor_set_in, so that
// generating code does not require checking out the sources of
// bb-storage, bb-remote-execution and all of their dependencies.
package main

import (
	"log"
	"os"

	"github.com/buildbarn/bb-remote-execution/pkg/proto/configuration/credentials"
	"github.com/buildbarn/bb-storage/pkg/proto/configuration/global"
	"github.com/buildbarn/bb-storage/pkg/proto/configuration/grpc"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("Usage: protodeps output.pb")
	}
	var fileDescriptorSet descriptorpb.FileDescriptorSet
	seen := map[string]bool{}
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imports := fd.Imports()
		for i := 0; i < imports.Len(); i++ {
			add(imports.Get(i).FileDescriptor)
		}
		fileDescriptorSet.File = append(fileDescriptorSet.File, protodesc.ToFileDescriptorProto(fd))
	}
	add(credentials.File_pkg_proto_configuration_credentials_credentials_proto)
	add(global.File_pkg_proto_configuration_global_global_proto)
	add(grpc.File_pkg_proto_configuration_grpc_grpc_proto)

	data, err := proto.Marshal(&fileDescriptorSet)
	if err != nil {
		log.Fatal("Failed to marshal file descriptor set: ", err)
	}
	if err := os.WriteFile(os.Args[1], data, 0o644); err != nil {
		log.Fatal("Failed to write file descriptor set: ", err)
	}
}
