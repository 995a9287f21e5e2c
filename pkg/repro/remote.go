package repro

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/buildbarn/bb-storage/pkg/blobstore/grpcclients"
	"github.com/buildbarn/bb-storage/pkg/digest"
	grpc_pb "github.com/buildbarn/bb-storage/pkg/proto/configuration/grpc"
	tls_pb "github.com/buildbarn/bb-storage/pkg/proto/configuration/tls"
	"github.com/buildbarn/bb-storage/pkg/util"
	"github.com/google/uuid"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// NewRemoteClientConfiguration converts the address of a Buildbarn
// frontend, given as grpc://HOST:PORT, grpcs://HOST:PORT (TLS with the
// system's root certificates) or unix:///PATH, to the configuration
// of a bb-storage gRPC client.
func NewRemoteClientConfiguration(remote string) (*grpc_pb.ClientConfiguration, error) {
	u, err := url.Parse(remote)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.InvalidArgument, "Invalid remote %#v", remote)
	}
	switch u.Scheme {
	case "grpc", "grpcs":
		if u.Host == "" || u.Port() == "" || (u.Path != "" && u.Path != "/") {
			return nil, status.Errorf(codes.InvalidArgument, "Invalid remote %#v: expected %s://HOST:PORT", remote, u.Scheme)
		}
		configuration := &grpc_pb.ClientConfiguration{Address: u.Host}
		if u.Scheme == "grpcs" {
			configuration.Tls = &tls_pb.ClientConfiguration{}
		}
		return configuration, nil
	case "unix":
		if u.Host != "" || u.Path == "" {
			return nil, status.Errorf(codes.InvalidArgument, "Invalid remote %#v: expected unix:///PATH", remote)
		}
		return &grpc_pb.ClientConfiguration{Address: "unix://" + u.Path}, nil
	default:
		return nil, status.Errorf(codes.InvalidArgument, "Invalid remote %#v: expected grpc://HOST:PORT, grpcs://HOST:PORT or unix:///PATH", remote)
	}
}

// RunRemote runs the reproduction against a Buildbarn deployment: it
// uploads the action to the deployment's Content Addressable Storage,
// calls Execute() on its Execution service, waits for the result and
// reports it. It needs no privileges. The returned error is only set
// if the action could not be executed; a deployment that runs the
// action but fails it is reported in the Report.
func RunRemote(ctx context.Context, options *Options) (*Report, error) {
	optionsCopy := *options
	r := run{options: &optionsCopy}
	report, err := r.runRemote(ctx)
	if errRemove := r.removeWorkDirectory(report); err == nil {
		err = errRemove
	}
	return report, err
}

func (r *run) runRemote(ctx context.Context) (*Report, error) {
	if err := r.validateOptions(); err != nil {
		return nil, err
	}
	clientConfiguration, err := NewRemoteClientConfiguration(r.options.Remote)
	if err != nil {
		return nil, err
	}
	instanceName, err := digest.NewInstanceName(r.options.InstanceName)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.InvalidArgument, "Invalid instance name %#v", r.options.InstanceName)
	}
	name, envPath := "without-env", ""
	if r.options.AddEnv {
		if envPath, err = r.getBusyboxPath(); err != nil {
			return nil, err
		}
		if envPath == "" {
			return nil, status.Errorf(codes.FailedPrecondition, "--add-env needs a static busybox, but %s is not one: install busybox-static or pass --busybox", DefaultBusyboxPath)
		}
		name = "with-env"
	}
	if err := r.createWorkDirectory(); err != nil {
		return nil, err
	}
	r.progress("Created work directory %s", r.workDirectory)

	introspectionPath, err := r.getIntrospection(ctx)
	if err != nil {
		return nil, err
	}
	inputRootPath, err := r.prepareInputRoot(introspectionPath, name, envPath)
	if err != nil {
		return nil, err
	}

	r.progress("Connecting to %s, instance name %#v", r.options.Remote, r.options.InstanceName)
	conn, err := newGRPCClient(clientConfiguration)
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to create gRPC client for %#v", r.options.Remote)
	}
	defer conn.Close()
	capabilities, err := remoteexecution.NewCapabilitiesClient(conn).GetCapabilities(ctx, &remoteexecution.GetCapabilitiesRequest{
		InstanceName: r.options.InstanceName,
	})
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to obtain capabilities of instance name %#v from %#v", r.options.InstanceName, r.options.Remote)
	}
	if execution := capabilities.ExecutionCapabilities; execution == nil || !execution.ExecEnabled {
		return nil, status.Errorf(codes.FailedPrecondition, "%#v does not offer remote execution for instance name %#v", r.options.Remote, r.options.InstanceName)
	}
	if cache := capabilities.CacheCapabilities; cache != nil && len(cache.DigestFunctions) > 0 && !slices.Contains(cache.DigestFunctions, remoteexecution.DigestFunction_SHA256) {
		return nil, status.Errorf(codes.FailedPrecondition, "%#v does not support SHA-256 digests for instance name %#v", r.options.Remote, r.options.InstanceName)
	}

	digestFunction, err := instanceName.GetDigestFunction(remoteexecution.DigestFunction_SHA256, 0)
	if err != nil {
		return nil, err
	}
	blobs := NewBlobSet(digestFunction)
	root, err := r.addAction(blobs, inputRootPath)
	if err != nil {
		return nil, err
	}
	contentAddressableStorage := grpcclients.NewCASBlobAccess(conn, uuid.NewRandom, 64*1024)
	r.progress("Uploading %d blobs to the Content Addressable Storage of %s", len(blobs.GetDigests()), r.options.Remote)
	if err := blobs.Upload(ctx, contentAddressableStorage); err != nil {
		return nil, util.StatusWrapf(err, "Failed to upload the action to %#v", r.options.Remote)
	}

	r.progress("Executing action %s on %s and waiting for the result", FormatDigest(root.actionDigest), r.options.Remote)
	start := time.Now()
	executeCtx, cancelExecute := context.WithTimeout(ctx, r.options.RemoteWaitTimeout)
	defer cancelExecute()
	response, err := Execute(executeCtx, remoteexecution.NewExecutionClient(conn), root.actionDigest, func(operationName string, stage remoteexecution.ExecutionStage_Value) {
		r.progress("Operation %s is %s", operationName, stage)
	})
	if err != nil {
		// The scheduler may report that the deadline, which gRPC
		// passes on to it, expired before this process notices
		// it expired.
		if ctx.Err() == nil && (executeCtx.Err() == context.DeadlineExceeded || status.Code(err) == codes.DeadlineExceeded) {
			err = util.StatusWrapfWithCode(err, codes.DeadlineExceeded, "No result within %s, which --wait-timeout sets. Are the deployment's workers ready, and do their platform properties match the action's?", r.options.RemoteWaitTimeout)
		}
		return nil, util.StatusWrapf(err, "Failed to execute action %#v on %#v", FormatDigest(root.actionDigest), r.options.Remote)
	}
	wallTime := time.Since(start)

	description := fmt.Sprintf("Execution service at %s, instance name %#v", r.options.Remote, r.options.InstanceName)
	if r.options.AddEnv {
		description += "; busybox added to the input root as usr/bin/env"
	}
	result, err := NewResult(ctx, RemoteRunnerName, description, root.actionDigest, response, wallTime, contentAddressableStorage)
	if err != nil {
		return nil, err
	}
	report := &Report{
		Mode:         "remote",
		Endpoint:     r.options.Remote,
		InstanceName: r.options.InstanceName,
		Arguments:    r.getArguments(),
		Results:      []*Result{result},
	}
	report.Check(RemoteRunnerName, r.getExpectedEntries())
	return report, nil
}

// Execute calls Execute() on an Execution service and waits for the
// operation to complete. An error in the operation itself is returned
// as an error. An ExecuteResponse whose status is not OK is returned as
// is, as it describes the outcome of the action. If onStage is not nil,
// it is called whenever the stage of the operation (e.g., QUEUED,
// EXECUTING) changes.
func Execute(ctx context.Context, client remoteexecution.ExecutionClient, actionDigest digest.Digest, onStage func(operationName string, stage remoteexecution.ExecutionStage_Value)) (*remoteexecution.ExecuteResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.Execute(ctx, &remoteexecution.ExecuteRequest{
		InstanceName:    actionDigest.GetInstanceName().String(),
		ActionDigest:    actionDigest.GetProto(),
		SkipCacheLookup: true,
		DigestFunction:  actionDigest.GetDigestFunction().GetEnumValue(),
	})
	if err != nil {
		return nil, err
	}
	lastStage := remoteexecution.ExecutionStage_UNKNOWN
	for {
		operation, err := stream.Recv()
		if err != nil {
			if lastStage != remoteexecution.ExecutionStage_UNKNOWN {
				return nil, util.StatusWrapf(err, "Operation was in stage %s", lastStage)
			}
			return nil, err
		}
		var metadata remoteexecution.ExecuteOperationMetadata
		if operation.Metadata != nil && operation.Metadata.UnmarshalTo(&metadata) == nil && metadata.Stage != lastStage {
			lastStage = metadata.Stage
			if onStage != nil {
				onStage(operation.Name, lastStage)
			}
		}
		if !operation.Done {
			continue
		}
		if err := status.ErrorProto(operation.GetError()); err != nil {
			return nil, util.StatusWrapf(err, "Operation %#v failed", operation.Name)
		}
		var response remoteexecution.ExecuteResponse
		if operation.GetResponse() == nil {
			return nil, status.Errorf(codes.Internal, "Operation %#v completed without a response", operation.Name)
		}
		if err := operation.GetResponse().UnmarshalTo(&response); err != nil {
			return nil, util.StatusWrapf(err, "Failed to unmarshal response of operation %#v", operation.Name)
		}
		return &response, nil
	}
}
