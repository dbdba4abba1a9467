package lsp_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/pqcert/pqcert/server/lsp"
)

func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// FuzzServer sends an initialize, then the fuzzer's bytes framed as one
// message and raw, then a shutdown and exit: the server must neither panic
// nor hang, whatever arrives.
func FuzzServer(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope.pq"},"position":{"line":99,"character":99}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/x/a.pq","version":1,"text":"section A; a = \xff;"}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/x/a.pq","version":2},"contentChanges":[{"range":{"start":{"line":9,"character":9},"end":{"line":0,"character":0}},"text":"x"}]}}`,
		`{"jsonrpc":"2.0","id":"s","method":"$/cancelRequest","params":{"id":1.5}}`,
		`{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":null}`,
		`{"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"pqcert.report","arguments":[42]}}`,
		`not json`,
		``,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		serverEnd, clientEnd := net.Pipe()
		done := make(chan error, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		go func() { done <- lsp.Serve(ctx, serverEnd, lsp.Options{Debounce: time.Millisecond}) }()
		go io.Copy(io.Discard, clientEnd)
		msgs := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) +
			frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
			frame(body) + body +
			frame(`{"jsonrpc":"2.0","id":9,"method":"shutdown"}`) +
			frame(`{"jsonrpc":"2.0","method":"exit"}`)
		go func() {
			clientEnd.SetWriteDeadline(time.Now().Add(5 * time.Second))
			clientEnd.Write([]byte(msgs))
			time.Sleep(50 * time.Millisecond)
			clientEnd.Close()
		}()
		select {
		case <-done:
		case <-time.After(8 * time.Second):
			t.Fatalf("server hung on %q", body)
		}
	})
}
