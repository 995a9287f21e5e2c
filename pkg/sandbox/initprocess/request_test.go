package initprocess_test

import (
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/stretchr/testify/require"
)

func TestRequest(t *testing.T) {
	request := &initprocess.Request{
		BuildDirectory:     "/worker/build",
		InputRootDirectory: "abc/root",
		TemporaryDirectory: "/worker/build/abc/tmp",
		WorkingDirectory:   "src",
		Arguments:          []string{"cc", "-o", "hello", "hello.c", ""},
		PathVariable:       "/bin:/usr/bin",
		Mounts: []initprocess.Mount{
			{Kind: initprocess.KindProc, Mountpoint: "proc"},
			{Kind: initprocess.KindTmpfs, Mountpoint: "dev/shm", CreateMountpoint: true, SizeBytes: 1 << 40, Mode: 0o1777, MaximumInodes: 1 << 28},
			{Kind: initprocess.KindDevpts, Mountpoint: "dev/pts", MaximumPseudoTerminals: 256},
			{Kind: initprocess.KindBind, Mountpoint: "opt", Source: "/opt", Writable: true},
		},
		SetHostname:      true,
		EnableLoopback:   true,
		RunAsCredentials: true,
		UID:              65534,
		GID:              65534,
		Groups:           []uint32{1, 2, 3},
		Probe:            true,

		Capabilities:           0xa00405fb,
		AllowSetuidInInputRoot: true,
		AllowNewPrivileges:     true,
		SeccompFilter: []initprocess.SeccompInstruction{
			{Code: 0x20, Constant: 4},
			{Code: 0x15, JumpTrue: 1, JumpFalse: 2, Constant: 0xc000003e},
			{Code: 0x6, Constant: 0x7fff0000},
		},
	}

	t.Run("RoundTrip", func(t *testing.T) {
		// Every field survives marshaling and unmarshaling.
		got, err := initprocess.UnmarshalRequest(request.Marshal())
		require.NoError(t, err)
		require.Equal(t, request, got)
	})

	t.Run("Truncated", func(t *testing.T) {
		// Truncated requests are rejected, instead of yielding
		// partial requests.
		data := request.Marshal()
		for i := 0; i < len(data); i++ {
			_, err := initprocess.UnmarshalRequest(data[:i])
			require.Error(t, err, "Length %d", i)
		}
	})

	t.Run("TrailingData", func(t *testing.T) {
		_, err := initprocess.UnmarshalRequest(append(request.Marshal(), 0))
		require.EqualError(t, err, "message has 1 trailing bytes")
	})
}

func TestReport(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		// An init process that writes nothing reports that the
		// action exited.
		report, err := initprocess.UnmarshalReport(nil)
		require.NoError(t, err)
		require.Equal(t, &initprocess.Report{}, report)
	})

	t.Run("RoundTrip", func(t *testing.T) {
		for _, report := range []*initprocess.Report{
			{Error: &initprocess.Error{Code: initprocess.CodeInvalidArgument, Message: "Cannot find executable \"cc\""}},
			{Signal: 9},
		} {
			got, err := initprocess.UnmarshalReport(report.Marshal())
			require.NoError(t, err)
			require.Equal(t, report, got)
		}
	})
}
