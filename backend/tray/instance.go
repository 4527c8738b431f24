package tray

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ErrRunning is returned by Acquire when another process holds the data
// dir; that process was asked to show its window (Shown says whether it
// answered).
var ErrRunning = errors.New("another KR Market is already running with this data folder")

// RunningError is the error Acquire returns for a second instance.
type RunningError struct {
	Shown bool // the first instance answered and showed its window
}

func (e *RunningError) Error() string {
	if e.Shown {
		return ErrRunning.Error() + "; its window was brought forward"
	}
	return ErrRunning.Error()
}

func (e *RunningError) Unwrap() error { return ErrRunning }

// Instance is this process's claim on a data dir: an exclusive lock on
// DIR/krmarket.lock (released by the OS when the process dies, even by
// kill -9) and a Unix socket on which later launches ask it to show its
// window. One data dir, one process: two would fight over the database.
type Instance struct {
	lock *os.File
	ln   net.Listener
	sock string
	wg   sync.WaitGroup
}

// request is what a second launch sends.
type request struct {
	Args []string `json:"args"`
}

// socketPath is DIR/krmarket.sock, or a name in the temp dir derived from
// DIR when that path is too long for a Unix socket (~104 bytes on macOS).
func socketPath(dir string) string {
	p := filepath.Join(dir, "krmarket.sock")
	if len(p) < 100 {
		return p
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(os.TempDir(), "krmarket-"+hex.EncodeToString(sum[:8])+".sock")
}

// Acquire claims dir for this process. When another process holds it,
// Acquire sends it args, asking it to show its window, and returns a
// *RunningError (errors.Is(err, ErrRunning)). onShow is called, from a
// goroutine of the Instance, with the args of each later launch.
func Acquire(dir string, args []string, onShow func(args []string)) (*Instance, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("single instance: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "krmarket.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("single instance: %w", err)
	}
	sock := socketPath(dir)
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, &RunningError{Shown: ask(sock, args) == nil}
	}
	// We hold the lock: a socket file left by a killed process is stale.
	_ = os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		unlockFile(f)
		f.Close()
		return nil, fmt.Errorf("single instance: listen on %s: %w", sock, err)
	}
	_ = os.Chmod(sock, 0o600)
	in := &Instance{lock: f, ln: ln, sock: sock}
	in.wg.Add(1)
	go in.serve(onShow)
	return in, nil
}

func (in *Instance) serve(onShow func([]string)) {
	defer in.wg.Done()
	for {
		c, err := in.ln.Accept()
		if err != nil {
			return // closed by Release
		}
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		var req request
		line, err := bufio.NewReader(c).ReadBytes('\n')
		if err == nil && json.Unmarshal(line, &req) == nil {
			_, _ = c.Write([]byte("ok\n"))
			c.Close()
			if onShow != nil {
				onShow(req.Args)
			}
			continue
		}
		c.Close()
	}
}

// ask tells the running instance to show its window.
func ask(sock string, args []string) error {
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	b, _ := json.Marshal(request{Args: args})
	if _, err := c.Write(append(b, '\n')); err != nil {
		return err
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if reply != "ok\n" {
		return fmt.Errorf("unexpected reply %q", reply)
	}
	return nil
}

// Release gives up the claim: stops listening, removes the socket and
// unlocks. Safe to call on nil.
func (in *Instance) Release() error {
	if in == nil {
		return nil
	}
	err := in.ln.Close()
	in.wg.Wait()
	_ = os.Remove(in.sock)
	unlockFile(in.lock)
	return errors.Join(err, in.lock.Close())
}
