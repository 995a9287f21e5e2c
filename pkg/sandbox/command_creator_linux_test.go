package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// ignoredSignalsOfChild returns the SigIgn field of /proc/self/status
// of a process started by this process.
func ignoredSignalsOfChild() (string, error) {
	status, err := exec.Command("/bin/cat", "/proc/self/status").Output()
	if err != nil {
		return "", err
	}
	match := regexp.MustCompile(`\nSigIgn:\t([0-9a-f]+)\n`).FindSubmatch(status)
	if match == nil {
		return "", fmt.Errorf("no SigIgn in %#v", string(status))
	}
	return string(match[1]), nil
}

func TestCatchIgnoredSignals(t *testing.T) {
	if os.Getenv("SANDBOX_TEST_CATCH_IGNORED_SIGNALS") != "" {
		// Started by the test below, with SIGHUP and SIGINT
		// ignored.
		before, err := ignoredSignalsOfChild()
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		catchIgnoredSignals()
		after, err := ignoredSignalsOfChild()
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println(before, after)
		os.Exit(0)
	}

	// Start this test again with SIGHUP and SIGINT ignored, as nohup
	// and shells starting background jobs do. Before
	// catchIgnoredSignals(), processes that it starts inherit them
	// ignored (bits 0 and 1); afterwards, none are ignored.
	cmd := exec.Command("/bin/sh", "-c", `trap "" HUP INT && exec "$0" -test.run="^TestCatchIgnoredSignals$"`, os.Args[0])
	cmd.Env = append(os.Environ(), "SANDBOX_TEST_CATCH_IGNORED_SIGNALS=1")
	output, err := cmd.CombinedOutput()
	require.NoError(t, err, string(output))
	require.Equal(t, "0000000000000003 0000000000000000\n", string(output))
}
