package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

// runCmd runs pqcert in-process and returns its exit status and output.
func runCmd(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestParseClean(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"A.pq":           []byte("section A;\nshared A.Contents = () => 1;\n"),
		"lib/Helper.pqm": []byte("let x = 1 in x"),
		"lib/notes.txt":  []byte("not M at all ((("),
		".hidden/B.pq":   []byte("let in in"),
	})
	code, out, errOut := runCmd(t, dir, "parse", ".")
	if code != exitOK || out != "" || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and no output", code, out, errOut)
	}
}

func TestParseErrors(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"a/Bad.pq": []byte("section Bad;\nx = if a 1 else 2;\ny = 2;\n"),
		"a/Ok.pqm": []byte("[a = 1]"),
		// The column counts UTF-16 units: "é" is one unit, "𠀀" two.
		"b/Wide.m": []byte("let\n    é𠀀 = \"abc\n in 1"),
		// A byte order mark is not a character of the text.
		"b/Bom.pq": append([]byte{0xEF, 0xBB, 0xBF}, "{1, 2 3}"...),
		"b/U16.pq": utf16LE("let\n  𠀀 = [a = 1,]\nin 𠀀"),
	})
	code, out, errOut := runCmd(t, dir, "parse", "b", "a")
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	if errOut != "" {
		t.Errorf("stderr %q", errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// Paths in argument order, then lexical order inside a folder.
	want := []string{
		`^b/Bom\.pq:1:7: .*[,}]`,
		`^b/U16\.pq:2:14: unexpected ` + "`,`" + ` before`,
		`^b/Wide\.m:2:11: unterminated text literal$`,
		`^a/Bad\.pq:2:9: expected ` + "`then`",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, re := range want {
		if !regexp.MustCompile(re).MatchString(filepath.ToSlash(lines[i])) {
			t.Errorf("line %d = %q, want match for %s", i, lines[i], re)
		}
	}
}

func TestParseStatsAndSexp(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"x.pq": []byte("let a = 1 in a"),
		"y.pq": []byte("{1,"),
	})
	code, out, _ := runCmd(t, dir, "parse", "--sexp", "x.pq", "y.pq", "--stats")
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got\n%s", out)
	}
	if want := "x.pq: (source_file expression: (let_expression binding: (let_binding name: (identifier) value: (number_literal)) body: (identifier_expression name: (identifier))))"; lines[0] != want {
		t.Errorf("sexp line\n got %s\nwant %s", lines[0], want)
	}
	if !strings.HasPrefix(lines[1], "y.pq:1:") || !strings.HasPrefix(lines[2], "y.pq: (") {
		t.Errorf("y.pq lines %q", lines[1:3])
	}
	if !regexp.MustCompile(`^files=2 ok=1 failed=1 bytes=17 seconds=[0-9]+\.[0-9]{3}$`).MatchString(lines[3]) {
		t.Errorf("stats line %q", lines[3])
	}
}

func TestParseUnreadable(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"bad.pq":  []byte("let a = in a"),
		"u32.pq":  {0xFF, 0xFE, 0, 0, 'a', 0, 0, 0},
		"odd.pq":  {0xFF, 0xFE, 'a', 0, 'b'},
		"good.pq": []byte("1"),
	})
	code, out, errOut := runCmd(t, dir, "parse", "--stats", "missing.pq", "bad.pq", "u32.pq", "odd.pq", "good.pq")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"missing.pq", "u32.pq", "odd.pq"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q does not name %s", errOut, want)
		}
	}
	if !strings.Contains(out, "bad.pq:1:9: ") {
		t.Errorf("stdout %q lacks the error of bad.pq", out)
	}
	if !strings.Contains(out, "files=4 ok=1 failed=3 ") {
		t.Errorf("stdout %q lacks the stats", out)
	}
}

func TestUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		out  string // substring of stdout+stderr
	}{
		{nil, exitUsage, "usage: pqcert <command>"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"help"}, exitOK, "parse"},
		{[]string{"help", "parse"}, exitOK, "usage: pqcert parse [--sexp] [--stats] PATH..."},
		{[]string{"parse"}, exitUsage, "usage: pqcert parse"},
		{[]string{"parse", "--bogus", "x.pq"}, exitUsage, "flag provided but not defined: -bogus"},
	} {
		code, out, errOut := runCmd(t, "", c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.out) {
			t.Errorf("pqcert %q: exit %d, output %q; want exit %d and %q", c.args, code, out+errOut, c.code, c.out)
		}
	}
}

func TestParseArgsAfterDashDash(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"--stats": []byte("1")})
	code, out, errOut := runCmd(t, dir, "parse", "--", "--stats")
	if code != exitOK || out != "" || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
