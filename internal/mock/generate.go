// Package mock contains gomock mocks of the interfaces that this
// module's tests use. Regenerate them with "go generate" and mockgen
// v0.6.0 (go install go.uber.org/mock/mockgen@v0.6.0).
package mock

//go:generate mockgen -package mock -destination blobstore.go github.com/buildbarn/bb-storage/pkg/blobstore BlobAccess
//go:generate mockgen -package mock -destination remoteexecution.go github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2 ExecutionClient,Execution_ExecuteClient
