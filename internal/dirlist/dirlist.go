// Package dirlist lists the entries of directories. It is the one
// implementation shared by the programs that are placed in input roots
// to show what an action sees: cmd/introspection, which the
// reproduction runs, and internal/testtool, which the tests run.
package dirlist

import (
	"os"
	"sort"
)

// Names returns the sorted names of the entries of a directory.
func Names(directory string) ([]string, error) {
	d, err := os.Open(directory)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}
