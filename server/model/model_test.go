package model_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// The index lists every call and record field of every file, in the order
// of Files and of the text: in attribute records and helper modules as well
// as in the section's members.
func TestInvocationsAndRecordFields(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "C")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"C.pq": `[Version = "1.0.0"]
section C;

[DataSource.Kind = "C", Publish = "C.Publish"]
shared C.Contents = () => Helper(Text.From(1), [a = 1]);
C.Publish = [Beta = true];
Helper = Extension.LoadFunction("Helper.pqm");
`,
		"Helper.pqm": `(x, r) => Json.Document(Web.Contents(x, [Headers = [c = 2]]))`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("load: %v", err)
	}
	m := model.Build(c, model.Options{})
	var calls, fields []string
	for _, n := range m.Invocations() {
		calls = append(calls, strings.Fields(n.ChildByField(syntax.FieldFunction).Text())[0])
	}
	for _, n := range m.RecordFields() {
		fields = append(fields, n.ChildByField(syntax.FieldName).Text())
	}
	if got, want := strings.Join(calls, " "), "Helper Text.From Extension.LoadFunction Json.Document Web.Contents"; got != want {
		t.Errorf("calls %q, want %q", got, want)
	}
	if got, want := strings.Join(fields, " "), "Version DataSource.Kind Publish a Beta Headers c"; got != want {
		t.Errorf("record fields %q, want %q", got, want)
	}
}
