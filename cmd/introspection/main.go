// Command introspection lists the names in one or more directories,
// sorted and separated by spaces, one directory per line. Without
// arguments it lists /proc/self.
//
// bb_chroot_repro builds it statically (CGO_ENABLED=0) and runs it as
// the only program inside an input root, to show whether the runner
// provides a procfs in a chrooted action. When /proc is missing it
// prints the error of open(2), such as "open /proc/self: no such file
// or directory", to stderr and exits with status 1.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/bb-chroot/bb-chroot/internal/dirlist"
)

func main() {
	directories := os.Args[1:]
	if len(directories) == 0 {
		directories = []string{"/proc/self"}
	}
	exitCode := 0
	for _, directory := range directories {
		names, err := dirlist.Names(directory)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			exitCode = 1
			continue
		}
		if len(directories) > 1 {
			fmt.Printf("%s: ", directory)
		}
		fmt.Println(strings.Join(names, " "))
	}
	os.Exit(exitCode)
}
