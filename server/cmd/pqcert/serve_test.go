package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// buildBinary builds the pqcert command once for the child-process tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "pqcert")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

type pipes struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipes) Close() error {
	p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

// TestServeChildProcess runs the built binary over stdio as an editor does:
// open a document, receive diagnostics, shut down, exit; and checks the
// exit statuses (0 after shutdown, 1 for an exit without shutdown).
func TestServeChildProcess(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "Child.pq")
	if err := os.WriteFile(path, []byte("section Child;\nshared Child.A = undefinedThing;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, clean := range []bool{true, false} {
		cmd := exec.Command(bin, "serve", "--stdio")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		conn := jsonrpc2.NewConn(jsonrpc2.NewStream(pipes{stdout, stdin}))
		got := make(chan []string, 10)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
			if req.Method() == "textDocument/publishDiagnostics" {
				var p struct {
					Diagnostics []struct{ Code string } `json:"diagnostics"`
				}
				json.Unmarshal(req.Params(), &p)
				var codes []string
				for _, d := range p.Diagnostics {
					codes = append(codes, d.Code)
				}
				got <- codes
			} else if _, ok := req.(*jsonrpc2.Call); ok {
				reply(ctx, nil, nil)
			}
			return nil
		})
		if _, err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
			t.Fatal(err)
		}
		conn.Notify(ctx, "initialized", map[string]any{})
		text, _ := os.ReadFile(path)
		conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": "file://" + filepath.ToSlash(path), "languageId": "powerquery", "version": 1, "text": string(text)}})
		found := false
		for !found {
			select {
			case codes := <-got:
				for _, c := range codes {
					found = found || c == "PQC701"
				}
			case <-ctx.Done():
				t.Fatal("no PQC701 diagnostic from the child process")
			}
		}
		want := 1
		if clean {
			if _, err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
				t.Fatal(err)
			}
			want = 0
		}
		conn.Notify(ctx, "exit", nil)
		err := cmd.Wait()
		status := 0
		if ee, ok := err.(*exec.ExitError); ok {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != want {
			t.Errorf("clean=%v: exit status %d, want %d", clean, status, want)
		}
		cancel()
		conn.Close()
	}
}
