package lsp

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestMemoryLimitFor(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, 160 << 20},
		{100 << 20, 160 << 20},
		{200 << 20, 300 << 20},
	} {
		if got := memoryLimitFor(c.live); got != c.want {
			t.Errorf("memoryLimitFor(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}

// TestServerSetsMemoryLimit checks that starting a server sets the soft
// limit, unless GOMEMLIMIT chose one.
func TestServerSetsMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	adjustMemoryLimit()
	got := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") != "" {
		if got != before {
			t.Errorf("with GOMEMLIMIT set the limit changed from %d to %d", before, got)
		}
		return
	}
	if got < memoryFloor {
		t.Errorf("soft memory limit %d MiB, want at least %d MiB", got>>20, memoryFloor>>20)
	}
}
