package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A connector with one error (no version, safely fixable) and nothing else
// of severity warning or above in the submission rules' eyes.
var contosoFiles = map[string][]byte{
	"Contoso/Contoso.pq": []byte("section Contoso;\n\n[DataSource.Kind = \"Contoso\"]\nshared Contoso.Contents = () => #table({\"a\"}, {{1}});\n"),
}

func TestCheckExitStatus(t *testing.T) {
	dir := writeFiles(t, contosoFiles)
	for _, c := range []struct {
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{[]string{"check", "Contoso"}, exitFindings, "Contoso/Contoso.pq:1:1: error PQC003", ""},
		{[]string{"check", "--format", "github", "Contoso"}, exitFindings, "::error file=Contoso/Contoso.pq,line=1,col=1,title=PQC003::", ""},
		{[]string{"check", "--format", "sarif", "Contoso"}, exitFindings, `"version": "2.1.0"`, ""},
		{[]string{"check", "--format", "yaml", "Contoso"}, exitUsage, "", `unknown --format "yaml"`},
		{[]string{"check", "--fail-on", "hint", "Contoso"}, exitUsage, "", "--fail-on takes"},
		{[]string{"check", "missing"}, exitUsage, "", "cannot read missing"},
		{[]string{"check"}, exitUsage, "", "no PATH"},
		{[]string{"check", "--config", "nope.json", "Contoso"}, exitUsage, "", "nope.json"},
	} {
		code, out, errOut := runCmd(t, dir, c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errOut, c.err) {
			t.Errorf("pqcert %q: exit %d\nstdout %q\nstderr %q\nwant exit %d, %q, %q", c.args, code, out, errOut, c.code, c.out, c.err)
		}
	}
}

func TestCheckJSONShape(t *testing.T) {
	dir := writeFiles(t, contosoFiles)
	code, out, _ := runCmd(t, dir, "check", "--format", "json", "Contoso")
	if code != exitFindings {
		t.Errorf("exit %d", code)
	}
	var rep struct {
		Version  int
		Findings []map[string]any
		Summary  map[string]int
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Version != 1 || len(rep.Findings) == 0 || rep.Summary["errors"] == 0 {
		t.Errorf("report %+v", rep)
	}
	for _, key := range []string{"file", "line", "column", "endLine", "endColumn", "code", "name", "severity", "message", "related", "fixes"} {
		if _, ok := rep.Findings[0][key]; !ok {
			t.Errorf("finding lacks %q: %v", key, rep.Findings[0])
		}
	}
}

func TestCheckFix(t *testing.T) {
	dir := writeFiles(t, contosoFiles)
	code, out, errOut := runCmd(t, dir, "check", "--fix", "Contoso")
	if !regexp.MustCompile(`^fixed [1-9][0-9]* findings? in 1 file\n`).MatchString(out) || strings.Contains(out, "PQC003") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	text, _ := os.ReadFile(filepath.Join(dir, "Contoso", "Contoso.pq"))
	if !strings.HasPrefix(string(text), "[Version = \"1.0.0\"]\nsection Contoso;") {
		t.Errorf("fixed file:\n%s", text)
	}
	// Nothing is left to fix; with JSON the fix line goes to stderr.
	_, out, errOut = runCmd(t, "", "check", "--fix", "--format", "json", "Contoso")
	if !strings.Contains(errOut, "fixed 0 findings in 0 files") || !strings.HasPrefix(out, "{") {
		t.Errorf("second run: stdout %q, stderr %q", out, errOut)
	}
}

func TestCheckUnreadableInput(t *testing.T) {
	files := map[string][]byte{"Bad/Bad.pq": {0xFF, 0xFE, 'a'}} // UTF-16 with an odd byte count
	for k, v := range contosoFiles {
		files[k] = v
	}
	dir := writeFiles(t, files)
	code, _, errOut := runCmd(t, dir, "check", "Bad", "Contoso")
	if code != exitUsage || !strings.Contains(errOut, "Bad.pq") {
		t.Errorf("exit %d, stderr %q; want 2 naming Bad.pq", code, errOut)
	}
}

func TestRulesCommand(t *testing.T) {
	code, out, _ := runCmd(t, "", "rules")
	if code != exitOK || !strings.Contains(out, "PQC601  error") || !strings.Contains(out, "mez-name") {
		t.Errorf("rules list: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "", "rules", "pqc603")
	if code != exitOK || !strings.HasPrefix(out, "# PQC603 missing-test-report\n") || !strings.Contains(out, "## Why") {
		t.Errorf("rules pqc603: exit %d\n%s", code, out)
	}
	if code, _, _ = runCmd(t, "", "rules", "mez-contents"); code != exitOK {
		t.Errorf("rules by name: exit %d", code)
	}
	if code, _, errOut := runCmd(t, "", "rules", "PQC998"); code != exitUsage || !strings.Contains(errOut, "PQC998") {
		t.Errorf("unknown rule: exit %d, %q", code, errOut)
	}
}

func TestReportCommand(t *testing.T) {
	files := map[string][]byte{"Other/Other.pq": []byte("section Other;")}
	for k, v := range contosoFiles {
		files[k] = v
	}
	dir := writeFiles(t, files)
	code, out, errOut := runCmd(t, dir, "report", "Contoso", "--release", "2027-04")
	if code != exitFindings || !strings.Contains(out, "# Certification readiness: Contoso") ||
		!strings.Contains(out, "| Registration: notification of intent to certify | 2027-02-15 |") {
		t.Errorf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	code, out, _ = runCmd(t, "", "report", "--format", "json", "Contoso")
	var rep struct {
		Connector string
		Release   any
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Connector != "Contoso" || rep.Release != nil {
		t.Errorf("json report: %v %+v", err, rep)
	}
	for _, args := range [][]string{
		{"report", "Contoso", "--release", "April"},
		{"report", "."}, // two connectors
		{"report"},
		{"report", "Contoso", "--format", "pdf"},
	} {
		if code, _, _ := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("pqcert %q: exit %d, want %d", args, code, exitUsage)
		}
	}
}
