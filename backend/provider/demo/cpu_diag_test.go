package demo

import (
	"context"
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestCPUDiag(t *testing.T) {
	for _, w := range []int{1, 2, 1, 2} {
		c0, t0 := cpuTime(), time.Now()
		if _, err := Generate(context.Background(), Config{Seed: 1, Now: benchNow, Workers: w}, discardSink{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("workers %d: wall %v cpu %v", w, time.Since(t0), cpuTime()-c0)
	}
}

func BenchmarkGenerate1(b *testing.B) {
	for b.Loop() {
		Generate(context.Background(), Config{Seed: 1, Now: benchNow, Workers: 1}, discardSink{})
	}
}
