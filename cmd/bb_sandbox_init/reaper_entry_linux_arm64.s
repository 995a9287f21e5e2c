#include "textflag.h"

// reaperEntry is the entry point of bb_sandbox_init when it is linked
// with "-ldflags=-E=main.reaperEntry". See reaper_entry_linux_amd64.s.
TEXT main·reaperEntry(SB),NOSPLIT|NOFRAME,$0
	// argc == 2 && strcmp(argv[1], "reaper") == 0.
	MOVD	0(RSP), R0
	CMP	$2, R0
	BNE	runtime
	MOVD	16(RSP), R1
	MOVWU	0(R1), R2
	MOVW	$0x70616572, R3 // "reap"
	CMPW	R3, R2
	BNE	runtime
	MOVHU	4(R1), R2
	MOVW	$0x7265, R3 // "er"
	CMPW	R3, R2
	BNE	runtime
	MOVBU	6(R1), R2
	CBNZW	R2, runtime

	// rt_sigaction(SIGCHLD, &{.sa_handler = SIG_IGN}, NULL, 8).
	SUB	$32, RSP
	MOVD	$1, R2
	MOVD	R2, 0(RSP)
	MOVD	ZR, 8(RSP)
	MOVD	ZR, 16(RSP)
	MOVD	ZR, 24(RSP)
	MOVD	$17, R0
	MOVD	RSP, R1
	MOVD	$0, R2
	MOVD	$8, R3
	MOVD	$134, R8
	SVC

	// if (chroot(".") != 0) exit(1).
	MOVD	$0x2e, R2
	MOVD	R2, 0(RSP)
	MOVD	RSP, R0
	MOVD	$51, R8
	SVC
	CBNZ	R0, fail

	// prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT).
	MOVD	$22, R0
	MOVD	$1, R1
	MOVD	$167, R8
	SVC

	// write(0, ".", 1).
	MOVD	$0, R0
	MOVD	RSP, R1
	MOVD	$1, R2
	MOVD	$64, R8
	SVC

	// while (read(0, buf, 1) == -EINTR);
read:
	MOVD	$0, R0
	MOVD	RSP, R1
	MOVD	$1, R2
	MOVD	$63, R8
	SVC
	CMN	$4, R0
	BEQ	read

	// exit(0).
	MOVD	$0, R0
	MOVD	$93, R8
	SVC

fail:
	MOVD	$1, R0
	MOVD	$93, R8
	SVC

runtime:
	B	_rt0_arm64_linux(SB)
