package lsp

import (
	"io"
	"sync"
	"time"
)

// queuedWriter decouples writing from the read loop: Write queues the bytes
// and returns at once, and one goroutine drains the queue in order. Without
// it, a reply written from the read loop can block on a client that is
// itself blocked writing to us (an unbuffered pipe), and both stop.
type queuedWriter struct {
	rwc io.ReadWriteCloser

	// guards everything below
	mu     sync.Mutex
	cond   *sync.Cond
	queue  [][]byte
	err    error
	closed bool
	done   chan struct{}
}

func newQueuedWriter(rwc io.ReadWriteCloser) *queuedWriter {
	w := &queuedWriter{rwc: rwc, done: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	go w.drain()
	return w
}

func (w *queuedWriter) Read(p []byte) (int, error) { return w.rwc.Read(p) }

func (w *queuedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	if w.closed {
		return 0, io.ErrClosedPipe
	}
	w.queue = append(w.queue, append([]byte(nil), p...))
	w.cond.Signal()
	return len(p), nil
}

func (w *queuedWriter) drain() {
	defer close(w.done)
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.closed {
			w.cond.Wait()
		}
		if len(w.queue) == 0 {
			w.mu.Unlock()
			return
		}
		buf := w.queue[0]
		w.queue = w.queue[1:]
		w.mu.Unlock()
		if _, err := w.rwc.Write(buf); err != nil {
			w.mu.Lock()
			w.err = err
			w.queue = nil
			w.mu.Unlock()
			return
		}
	}
}

// Close flushes what is queued (for a second at most: a client that stopped
// reading must not hold us) and closes the stream.
func (w *queuedWriter) Close() error {
	w.mu.Lock()
	w.closed = true
	w.cond.Signal()
	w.mu.Unlock()
	select {
	case <-w.done:
	case <-time.After(time.Second):
	}
	return w.rwc.Close()
}
