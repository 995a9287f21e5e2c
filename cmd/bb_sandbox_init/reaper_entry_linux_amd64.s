#include "textflag.h"

// reaperEntry is the entry point of bb_sandbox_init when it is linked
// with "-ldflags=-E=main.reaperEntry". Started as "bb_sandbox_init
// reaper", it acts as the reaper of a sandbox without starting the Go
// runtime. Otherwise it jumps to the Go runtime's own entry point.
//
// The reaper ignores SIGCHLD, so that the kernel reaps orphaned
// processes that are reparented to it, makes its working directory,
// the input root, its root directory, enters seccomp's strict mode, in
// which only read(), write() and exit() are permitted, writes a byte
// to standard input, a socket, to report that it is ready, and reads
// from it until the runner closes the other end or kills the reaper.
TEXT main·reaperEntry(SB),NOSPLIT|NOFRAME,$0
	// argc == 2 && strcmp(argv[1], "reaper") == 0.
	MOVQ	0(SP), AX
	CMPQ	AX, $2
	JNE	runtime
	MOVQ	16(SP), BX
	MOVL	0(BX), CX
	CMPL	CX, $0x70616572 // "reap"
	JNE	runtime
	MOVWLZX	4(BX), CX
	CMPL	CX, $0x7265 // "er"
	JNE	runtime
	MOVBLZX	6(BX), CX
	TESTL	CX, CX
	JNE	runtime

	// rt_sigaction(SIGCHLD, &{.sa_handler = SIG_IGN}, NULL, 8).
	SUBQ	$32, SP
	MOVQ	$1, 0(SP)
	MOVQ	$0, 8(SP)
	MOVQ	$0, 16(SP)
	MOVQ	$0, 24(SP)
	MOVQ	$13, AX
	MOVQ	$17, DI
	MOVQ	SP, SI
	MOVQ	$0, DX
	MOVQ	$8, R10
	SYSCALL

	// if (chroot(".") != 0) exit(1).
	MOVQ	$0x2e, 0(SP)
	MOVQ	$161, AX
	MOVQ	SP, DI
	SYSCALL
	TESTQ	AX, AX
	JNE	fail

	// prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT).
	MOVQ	$157, AX
	MOVQ	$22, DI
	MOVQ	$1, SI
	SYSCALL

	// write(0, ".", 1).
	MOVQ	$1, AX
	MOVQ	$0, DI
	MOVQ	SP, SI
	MOVQ	$1, DX
	SYSCALL

	// while (read(0, buf, 1) == -EINTR);
read:
	MOVQ	$0, AX
	MOVQ	$0, DI
	MOVQ	SP, SI
	MOVQ	$1, DX
	SYSCALL
	CMPQ	AX, $-4
	JEQ	read

	// exit(0).
	MOVQ	$60, AX
	MOVQ	$0, DI
	SYSCALL

fail:
	MOVQ	$60, AX
	MOVQ	$1, DI
	SYSCALL

runtime:
	JMP	_rt0_amd64_linux(SB)
