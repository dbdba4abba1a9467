package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// copyDir copies a test connector to a temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeConnector(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiagnosticsFollowEdits(t *testing.T) {
	dir := writeConnector(t, map[string]string{"Demo.pq": "[Version = \"1.0\"]\nsection Demo;\n\nshared Demo.Helper = (x) => x + 1;\n"})
	e := lsptest.Start(t, lsptest.Options{})
	uri := e.Open(filepath.Join(dir, "Demo.pq"))
	ds := e.Await(uri, "PQC004", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC004") })
	for _, d := range ds {
		if d.Source != "pqcert" || d.CodeDescription == nil || !strings.Contains(d.CodeDescription.Href, strings.ToLower(d.Code)) {
			t.Errorf("diagnostic %+v lacks source or codeDescription", d)
		}
	}
	// Type an undefined name: PQC701 appears.
	e.Edit(uri, `x \+ 1`, "x + missingName")
	e.Await(uri, "PQC701", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
	// Fix it again: PQC701 goes away.
	e.Edit(uri, `missingName`, "1")
	e.Await(uri, "no PQC701", func(ds []lsptest.Diagnostic) bool { return !lsptest.HasCode(ds, "PQC701") })
}

func TestQuickFixRemovesDiagnostic(t *testing.T) {
	dir := writeConnector(t, map[string]string{"Demo.pq": "[Version = \"1.0\"]\nsection Demo;\n\nshared Demo.Helper = (x) => x + 1;\n"})
	for _, docChanges := range []bool{false, true} {
		e := lsptest.Start(t, lsptest.Options{DocumentChanges: docChanges})
		uri := e.Open(filepath.Join(dir, "Demo.pq"))
		e.Await(uri, "PQC004", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC004") })
		var applied bool
		for _, a := range e.CodeActions(uri) {
			if a.Kind == "quickfix" && len(a.Diagnostics) == 1 && a.Diagnostics[0].Code == "PQC004" {
				if !a.IsPreferred {
					t.Errorf("the only fix of PQC004 is not preferred")
				}
				if err := e.Apply(a.Edit); err != nil {
					t.Fatal(err)
				}
				applied = true
				break
			}
		}
		if !applied {
			t.Fatal("no quick fix for PQC004")
		}
		if got := e.Text(uri); !strings.Contains(got, `"1.0.0"`) {
			t.Errorf("fixed text:\n%s", got)
		}
		e.Await(uri, "PQC004 gone", func(ds []lsptest.Diagnostic) bool { return !lsptest.HasCode(ds, "PQC004") })
	}
}

func TestUTF16Positions(t *testing.T) {
	// An emoji (2 UTF-16 units, 4 bytes) and CJK before the error.
	src := "section U;\r\nshared U.A = \"😀日本\" & missing;\r\n"
	dir := writeConnector(t, map[string]string{"U.pq": src})
	e := lsptest.Start(t, lsptest.Options{})
	uri := e.Open(filepath.Join(dir, "U.pq"))
	ds := e.Await(uri, "PQC701", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
	for _, d := range ds {
		if d.Code != "PQC701" {
			continue
		}
		// `shared U.A = "` is 14 units, the emoji 2, CJK 2, `" & ` 4: 22.
		if d.Range.Start.Line != 1 || d.Range.Start.Character != 22 || d.Range.End.Character != 29 {
			t.Errorf("range %+v, want 1:22-1:29", d.Range)
		}
	}
}

func TestUnknownMethodAndUninitialized(t *testing.T) {
	e := lsptest.Start(t, lsptest.Options{})
	err := e.Call("textDocument/unknownThing", map[string]any{}, nil)
	if err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("unknown method: %v", err)
	}
}

func TestCompliantConnectorIsQuiet(t *testing.T) {
	dir := copyDir(t, filepath.Join("..", "..", "testdata", "connectors", "Litware"))
	e := lsptest.Start(t, lsptest.Options{})
	uri := e.Open(filepath.Join(dir, "Litware.pq"))
	ds := e.Await(uri, "diagnostics", func(ds []lsptest.Diagnostic) bool { return true })
	for _, d := range ds {
		if d.Severity <= 2 {
			t.Errorf("compliant connector: %s %s", d.Code, d.Message)
		}
	}
}

func TestReportCommand(t *testing.T) {
	dir := copyDir(t, filepath.Join("..", "..", "testdata", "connectors", "Litware"))
	e := lsptest.Start(t, lsptest.Options{})
	uri := e.Open(filepath.Join(dir, "Litware.pq"))
	var md string
	if err := e.Call("workspace/executeCommand", map[string]any{"command": "pqcert.report", "arguments": []any{uri}}, &md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Litware", "MUST", "Beta"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	var res map[string]any
	if err := e.Call("workspace/executeCommand", map[string]any{"command": "pqcert.checkWorkspace"}, &res); err != nil {
		t.Fatal(err)
	}
	if err := e.Call("workspace/executeCommand", map[string]any{"command": "pqcert.nothing"}, &res); err == nil {
		t.Error("unknown command accepted")
	}
}

func TestSettingsTurnRulesOff(t *testing.T) {
	dir := writeConnector(t, map[string]string{"S.pq": "[Version = \"1.0\"]\nsection S;\nshared S.A = Other.Function(1);\n"})
	e := lsptest.Start(t, lsptest.Options{Settings: map[string]any{
		"rules":            map[string]any{"PQC004": "off"},
		"knownIdentifiers": []any{"Other.*"},
	}})
	uri := e.Open(filepath.Join(dir, "S.pq"))
	// Wait for a publish after the settings arrived: PQC003/PQC101 etc. are
	// still there, PQC004 and PQC701 are not.
	e.Await(uri, "settings applied", func(ds []lsptest.Diagnostic) bool {
		return len(ds) > 0 && !lsptest.HasCode(ds, "PQC004") && !lsptest.HasCode(ds, "PQC701")
	})
	e.Notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{}})
	e.Edit(uri, `Other\.Function\(1\)`, "Other.Function(2)")
	e.Await(uri, "still applied after a change", func(ds []lsptest.Diagnostic) bool {
		return len(ds) > 0 && !lsptest.HasCode(ds, "PQC004") && !lsptest.HasCode(ds, "PQC701")
	})
}

func TestOpeningAModuleChecksTheConnector(t *testing.T) {
	dir := copyDir(t, filepath.Join("..", "..", "testdata", "connectors", "BadVersion"))
	e := lsptest.Start(t, lsptest.Options{})
	entries, _ := os.ReadDir(dir)
	var main string
	for _, ent := range entries {
		if strings.HasSuffix(ent.Name(), ".pq") {
			main = filepath.Join(dir, ent.Name())
		}
	}
	// Open nothing but a new helper module: the section document's
	// findings are published too.
	mod := filepath.Join(dir, "Helper.pqm")
	os.WriteFile(mod, []byte("(x) => x + 1"), 0o644)
	e.Open(mod)
	e.Await(lsptest.URI(main), "the section document's findings", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC004") })
}

// Diagnostics go back under the URI exactly as the client wrote it, also
// for names outside ASCII.
func TestNonASCIIFileName(t *testing.T) {
	dir := writeConnector(t, map[string]string{"Grüße.pq": "section G;\nshared G.A = nope;\n"})
	e := lsptest.Start(t, lsptest.Options{})
	uri := e.Open(filepath.Join(dir, "Grüße.pq"))
	e.Await(uri, "PQC701", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
}
