package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/lsp/lsptest"
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
		e := lsptest.Start(t, lsptest.Options{Command: []string{bin, "serve", "--stdio"}})
		uri := e.Open(path)
		e.Await(uri, "PQC701 from the child process", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
		want := 1
		if clean {
			if err := e.Call("shutdown", nil, nil); err != nil {
				t.Fatal(err)
			}
			want = 0
		}
		e.Notify("exit", nil)
		if status := e.Wait().ExitCode(); status != want {
			t.Errorf("clean=%v: exit status %d, want %d", clean, status, want)
		}
	}
}
