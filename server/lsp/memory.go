package lsp

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The server rebuilds a connector's model on every change, allocating about
// as much again in garbage as the model holds. Go's default pacing lets the
// heap grow to twice what is live before it collects, so a server holding
// the model of a 100k-line connector (about 115 MB live) would sit near
// 250 MB resident. A soft memory limit of one and a half times the live
// heap, never below memoryFloor, makes the collector run earlier on large
// heaps only: ordinary connectors never come near the floor and keep the
// default pacing. A GOMEMLIMIT set by the user is left alone.

const (
	memoryFloor    = 160 << 20
	memoryHeadroom = 1.5
)

var memoryLimit struct {
	once    sync.Once
	managed bool
	// guards set
	mu  sync.Mutex
	set int64
}

// adjustMemoryLimit sets the soft memory limit from the heap that was live
// at the end of the last collection; called after each analysis.
func adjustMemoryLimit() {
	memoryLimit.once.Do(func() { memoryLimit.managed = os.Getenv("GOMEMLIMIT") == "" })
	if !memoryLimit.managed {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	limit := memoryLimitFor(sample[0].Value.Uint64())
	memoryLimit.mu.Lock()
	defer memoryLimit.mu.Unlock()
	if limit != memoryLimit.set {
		debug.SetMemoryLimit(limit)
		memoryLimit.set = limit
	}
}

// memoryLimitFor is the soft memory limit for a live heap of that size.
func memoryLimitFor(live uint64) int64 {
	return max(int64(memoryFloor), int64(float64(live)*memoryHeadroom))
}
