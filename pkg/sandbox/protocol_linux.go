//go:build linux
// +build linux

package sandbox

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// maximumMessageSize limits the size of messages exchanged between the
// runner and init processes.
const maximumMessageSize = 64 * 1024 * 1024

// sendMessage writes a length-prefixed message to a UNIX socket. File
// descriptors are attached to the first part of the message.
func sendMessage(socket *os.File, data []byte, files ...*os.File) error {
	message := binary.LittleEndian.AppendUint64(make([]byte, 0, 8+len(data)), uint64(len(data)))
	message = append(message, data...)
	first := message
	if len(first) > 4096 {
		first = first[:4096]
	}
	var oob []byte
	if len(files) > 0 {
		fds := make([]int, 0, len(files))
		for _, f := range files {
			fds = append(fds, int(f.Fd()))
		}
		oob = unix.UnixRights(fds...)
	}
	conn, err := socket.SyscallConn()
	if err != nil {
		return err
	}
	var sendErr error
	if err := conn.Write(func(fd uintptr) bool {
		sendErr = unix.Sendmsg(int(fd), first, oob, nil, 0)
		return sendErr != unix.EAGAIN
	}); err != nil {
		return err
	}
	if sendErr != nil {
		return sendErr
	}
	_, err = socket.Write(message[len(first):])
	return err
}

// receiveMessage reads a length-prefixed message from a UNIX socket,
// together with the file descriptors attached to it. It returns io.EOF
// if the peer closed the socket.
func receiveMessage(socket *os.File) ([]byte, []*os.File, error) {
	header := make([]byte, 8)
	oob := make([]byte, unix.CmsgSpace(4*4))
	conn, err := socket.SyscallConn()
	if err != nil {
		return nil, nil, err
	}
	var n, oobn int
	var receiveErr error
	if err := conn.Read(func(fd uintptr) bool {
		n, oobn, _, _, receiveErr = unix.Recvmsg(int(fd), header, oob, unix.MSG_CMSG_CLOEXEC)
		return receiveErr != unix.EAGAIN
	}); err != nil {
		return nil, nil, err
	}
	if receiveErr != nil {
		return nil, nil, receiveErr
	}
	var files []*os.File
	messages, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil {
		return nil, nil, err
	}
	for _, message := range messages {
		fds, err := unix.ParseUnixRights(&message)
		if err != nil {
			return nil, nil, err
		}
		for _, fd := range fds {
			files = append(files, os.NewFile(uintptr(fd), "received"))
		}
	}
	closeFiles := func() {
		for _, f := range files {
			f.Close()
		}
	}
	if n == 0 {
		closeFiles()
		return nil, nil, io.EOF
	}
	if _, err := io.ReadFull(socket, header[n:]); err != nil {
		closeFiles()
		return nil, nil, err
	}
	size := binary.LittleEndian.Uint64(header)
	if size > maximumMessageSize {
		closeFiles()
		return nil, nil, fmt.Errorf("message of %d bytes exceeds the maximum of %d bytes", size, maximumMessageSize)
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(socket, data); err != nil {
		closeFiles()
		return nil, nil, err
	}
	return data, files, nil
}
