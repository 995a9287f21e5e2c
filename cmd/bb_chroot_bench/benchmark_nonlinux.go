//go:build !linux
// +build !linux

package main

import (
	"context"
	"io"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func runBenchmark(ctx context.Context, o *options, log io.Writer) (*results, error) {
	return nil, status.Error(codes.Unimplemented, "Sandboxes are only supported on Linux")
}

func machineFacts() machine {
	return machine{}
}
