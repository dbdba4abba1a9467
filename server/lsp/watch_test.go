package lsp_test

import (
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// TestNewSectionDocumentAdoptsOpenModule opens a helper module in a folder
// without a section document, then creates one in the folder above and
// tells the server through didChangeWatchedFiles: the module's connector
// folder is found again, so its next edit analyzes the new connector, not
// the module's folder alone.
func TestNewSectionDocumentAdoptsOpenModule(t *testing.T) {
	// Deep enough that the search for a section document, which climbs a
	// few folders, never reaches the temporary folder's own files.
	dir := filepath.Join(t.TempDir(), "a", "b", "c")
	helpers := filepath.Join(dir, "helpers")
	if err := os.MkdirAll(helpers, 0o755); err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(helpers, "Paging.pqm")
	if err := os.WriteFile(mod, []byte("(x) => x + 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	e := lsptest.Start(t, lsptest.Options{Logger: log.New(logs, "", 0)})
	e.Notify("$/setTrace", map[string]any{"value": "verbose"})
	uri := e.Open(mod)
	awaitLog(t, logs, "analyzed "+helpers+":")

	main := filepath.Join(dir, "Adopt.pq")
	if err := os.WriteFile(main, []byte("[Version = \"1.0.0\"]\nsection Adopt;\nshared Adopt.A = nope;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": lsptest.URI(main), "type": 1}}})
	e.Await(lsptest.URI(main), "the new section document's PQC701", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })

	before := strings.Count(logs.String(), "analyzed "+dir+":")
	e.Edit(uri, `x \+ 1`, "x + 2")
	e.AwaitVersion(uri, 2)
	if after := strings.Count(logs.String(), "analyzed "+dir+":"); after != before+1 {
		t.Errorf("the module's edit analyzed %d times the new connector, want once:\n%s", after-before, logs)
	}
}

// awaitLog waits until the log holds want.
func awaitLog(t *testing.T, logs *lockedBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", want, logs)
		}
		time.Sleep(time.Millisecond)
	}
}
