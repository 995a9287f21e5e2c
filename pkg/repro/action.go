package repro

import (
	"sort"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// NewCommand creates a REv2 Command message. Environment variables and
// platform properties are sorted, as the Remote Execution API requires.
func NewCommand(arguments []string, environmentVariables map[string]string, workingDirectory string, platformProperties map[string]string) (*remoteexecution.Command, error) {
	if len(arguments) == 0 {
		return nil, status.Error(codes.InvalidArgument, "No command arguments provided")
	}
	command := &remoteexecution.Command{
		Arguments:        arguments,
		WorkingDirectory: workingDirectory,
		Platform:         NewPlatform(platformProperties),
	}
	for name, value := range environmentVariables {
		command.EnvironmentVariables = append(command.EnvironmentVariables, &remoteexecution.Command_EnvironmentVariable{
			Name:  name,
			Value: value,
		})
	}
	sort.Slice(command.EnvironmentVariables, func(i, j int) bool {
		return command.EnvironmentVariables[i].Name < command.EnvironmentVariables[j].Name
	})
	return command, nil
}

// NewPlatform creates a REv2 Platform message with properties sorted
// by name. It returns nil if there are no properties, so that the
// platform field is omitted from Command and Action messages.
func NewPlatform(properties map[string]string) *remoteexecution.Platform {
	if len(properties) == 0 {
		return nil
	}
	platform := &remoteexecution.Platform{}
	for name, value := range properties {
		platform.Properties = append(platform.Properties, &remoteexecution.Platform_Property{
			Name:  name,
			Value: value,
		})
	}
	sort.Slice(platform.Properties, func(i, j int) bool {
		return platform.Properties[i].Name < platform.Properties[j].Name
	})
	return platform
}

// AddAction adds a Command message and the Action message that refers
// to it and to an input root to a BlobSet. It returns the digest of
// the Action message, which is what clients pass to Execute().
//
// The action is marked do_not_cache, so that every run of the
// reproduction executes it again instead of returning a result from
// the Action Cache.
func AddAction(blobs *BlobSet, command *remoteexecution.Command, inputRootDigest digest.Digest, timeout time.Duration) (digest.Digest, *remoteexecution.Action, error) {
	commandDigest, err := blobs.AddMessage(command)
	if err != nil {
		return digest.BadDigest, nil, util.StatusWrap(err, "Failed to add command")
	}
	action := &remoteexecution.Action{
		CommandDigest:   commandDigest.GetProto(),
		InputRootDigest: inputRootDigest.GetProto(),
		Timeout:         durationpb.New(timeout),
		DoNotCache:      true,
		Platform:        command.Platform,
	}
	actionDigest, err := blobs.AddMessage(action)
	if err != nil {
		return digest.BadDigest, nil, util.StatusWrap(err, "Failed to add action")
	}
	return actionDigest, action, nil
}
