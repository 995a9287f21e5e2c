package repro_test

import (
	"os"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
)

// TestMain removes the binaries that the tests build.
func TestMain(m *testing.M) {
	os.Exit(runnertest.RunTests(m))
}
