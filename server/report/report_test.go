package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
	"github.com/pqcert/pqcert/server/workspace"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	connectorsDir = "../../testdata/connectors"
	goldenDir     = "../../testdata/golden/report"
)

func load(t *testing.T, name string) (*model.Model, []rules.Finding, rules.Config) {
	t.Helper()
	c, err := workspace.Load(filepath.Join(connectorsDir, name), workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	m := model.Build(c, model.Options{})
	cfg := rules.ConfigFrom(c.Config)
	return m, rules.Run(m, all.Rules, cfg), cfg
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		os.MkdirAll(goldenDir, 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./server/report -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./server/report -update rewrites it; read the diff):\ngot:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	for _, c := range []struct{ connector, release string }{
		{"ContosoDesk", "2027-04"},
		{"BadPackage", "2027-01"},
	} {
		t.Run(c.connector, func(t *testing.T) {
			m, findings, cfg := load(t, c.connector)
			rep, err := Build(m, findings, Options{Release: c.release, Rules: all.Rules, Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			var md, js bytes.Buffer
			if err := WriteMarkdown(&md, rep); err != nil {
				t.Fatal(err)
			}
			if err := WriteJSON(&js, rep); err != nil {
				t.Fatal(err)
			}
			golden(t, c.connector+".md", md.Bytes())
			golden(t, c.connector+".json", js.Bytes())
		})
	}
}

func TestStatuses(t *testing.T) {
	m, findings, cfg := load(t, "BadPackage")
	rep, err := Build(m, findings, Options{Rules: all.Rules, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]Requirement{}
	for _, q := range rep.Requirements {
		status[strings.Join(q.Codes, ",")+"|"+q.Title] = q
	}
	find := func(prefix string) Requirement {
		for k, q := range status {
			if strings.HasPrefix(k, prefix) {
				return q
			}
		}
		t.Fatalf("no requirement %s", prefix)
		return Requirement{}
	}
	if q := find("PQC601,PQC602"); q.Status != Fail || len(q.Findings) != 1 || q.Findings[0].File != "Adatum-1.0.0.mez" || q.Findings[0].Line != 1 {
		t.Errorf(".mez requirement = %+v", q)
	}
	if q := find("PQC003,PQC004"); q.Status != Fail || q.Findings[0].File != "Adatum.pq" || q.Findings[0].Line != 2 {
		t.Errorf("version requirement = %+v", q)
	}
	if q := find("|Test account"); q.Status != Person || q.Note == "" {
		t.Errorf("test account = %+v", q)
	}
	if q := find("PQC309|"); q.Status != Person && q.Status != Unchecked {
		t.Errorf("Import = DirectQuery = %+v", q)
	}
	if rep.Calendar != nil {
		t.Error("calendar without a release month")
	}
	if !rep.Failed() {
		t.Error("BadPackage's report does not fail")
	}

	// Rules that did not run leave their requirements unchecked.
	rep, _ = Build(m, nil, Options{Rules: nil})
	for _, q := range rep.Requirements {
		if len(q.Codes) > 0 && q.Status != Unchecked {
			t.Errorf("%s: %s without rules", q.Title, q.Status)
		}
	}
	off := rules.Config{Severities: map[string]rules.Severity{"PQC604": rules.Off}}
	rep, _ = Build(m, nil, Options{Rules: all.Rules, Config: off})
	for _, q := range rep.Requirements {
		if len(q.Codes) == 1 && q.Codes[0] == "PQC604" && q.Status != Unchecked {
			t.Errorf("PQC604 turned off: %s", q.Status)
		}
	}
}

func TestReleaseCalendar(t *testing.T) {
	for _, c := range []struct{ release, reg, sub, review string }{
		{"2027-04", "2027-02-15", "2027-03-01", "2027-03-15"},
		{"2027-01", "2026-11-15", "2026-12-01", "2026-12-15"},
		{"2027-02", "2026-12-15", "2027-01-01", "2027-01-15"},
		{"2026-12", "2026-10-15", "2026-11-01", "2026-11-15"},
	} {
		cal, err := ReleaseCalendar(c.release)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{date(cal.Registration), date(cal.Submission), date(cal.TechnicalReview)}
		if want := []string{c.reg, c.sub, c.review}; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %v, want %v", c.release, got, want)
		}
	}
	for _, bad := range []string{"2027-4", "2027-13", "April 2027", "2027-04-01", ""} {
		if _, err := ReleaseCalendar(bad); err == nil {
			t.Errorf("ReleaseCalendar(%q) accepted", bad)
		}
	}
	m, _, _ := load(t, "ContosoDesk")
	if _, err := Build(m, nil, Options{Release: "next April"}); err == nil {
		t.Error("Build accepted a bad release")
	}
}

func TestMarkdown(t *testing.T) {
	m, findings, cfg := load(t, "BadPackage")
	md, err := Markdown(m, findings, Options{Release: "2027-04", Rules: all.Rules, Config: cfg})
	if err != nil || !strings.HasPrefix(md, "# Certification readiness: Adatum\n") || !strings.Contains(md, "2027-03-15") {
		t.Errorf("Markdown: %v\n%s", err, md)
	}
	if _, err := Markdown(m, findings, Options{Release: "2027"}); err == nil {
		t.Error("Markdown accepted a bad release")
	}
}
