package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, text string) *Config {
	t.Helper()
	cfg, err := Parse([]byte(text), "p/.pqcert.json")
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	return cfg
}

func TestParseFull(t *testing.T) {
	cfg := mustParse(t, `{
  "rules": { "PQC203": "off", "PQC401": "warning", "PQC101": "Info", "PQC102": "hint", "PQC103": "ERROR" },
  "knownIdentifiers": ["OtherConnector.Contents", "Helper.Fn", "OtherConnector.Contents"],
  "initialRelease": true,
  "targetRelease": "2027-04",
  "$schema": "https://example.invalid/schema.json"
}`)
	wantRules := map[string]Severity{"PQC203": Off, "PQC401": Warning, "PQC101": Information, "PQC102": Hint, "PQC103": Error}
	if !reflect.DeepEqual(cfg.Rules, wantRules) {
		t.Errorf("Rules = %v, want %v", cfg.Rules, wantRules)
	}
	if want := []string{"OtherConnector.Contents", "Helper.Fn"}; !reflect.DeepEqual(cfg.KnownIdentifiers, want) {
		t.Errorf("KnownIdentifiers = %q, want %q", cfg.KnownIdentifiers, want)
	}
	if cfg.InitialRelease == nil || !*cfg.InitialRelease {
		t.Errorf("InitialRelease = %v, want true", cfg.InitialRelease)
	}
	if cfg.TargetRelease != "2027-04" {
		t.Errorf("TargetRelease = %q", cfg.TargetRelease)
	}
	if cfg.Path != "p/.pqcert.json" {
		t.Errorf("Path = %q", cfg.Path)
	}
	if len(cfg.Problems) != 0 {
		t.Errorf("unexpected problems: %v", cfg.Problems)
	}
}

func TestTopLevelRuleCodes(t *testing.T) {
	cfg := mustParse(t, `{"PQC203": "off", "pqc401": "warning"}`)
	want := map[string]Severity{"PQC203": Off, "PQC401": Warning}
	if !reflect.DeepEqual(cfg.Rules, want) || len(cfg.Problems) != 0 {
		t.Errorf("Rules = %v, problems %v; want %v and none", cfg.Rules, cfg.Problems, want)
	}
}

func TestEmptyObjectIsDefaults(t *testing.T) {
	cfg := mustParse(t, " {}\n")
	if len(cfg.Rules) != 0 || cfg.KnownIdentifiers != nil || cfg.InitialRelease != nil || cfg.TargetRelease != "" || cfg.Problems != nil {
		t.Errorf("got %+v, want defaults", cfg)
	}
}

func TestNullMeansUnset(t *testing.T) {
	cfg := mustParse(t, `{"initialRelease": null, "targetRelease": null}`)
	if cfg.InitialRelease != nil || cfg.TargetRelease != "" || len(cfg.Problems) != 0 {
		t.Errorf("got %+v", cfg)
	}
}

// problemAt is what a test expects of one problem: where it is and words
// its message must hold.
type problemAt struct {
	line, col int
	msg       string
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []problemAt
	}{
		{"unknown key", "{\n  \"rulez\": {}\n}", []problemAt{{2, 3, `unknown key "rulez"`}}},
		{"unknown key, case", `{"Rules": {}}`, []problemAt{{1, 2, `did you mean "rules"?`}}},
		{"bad severity", "{\"rules\": {\"PQC203\": \"loud\"}}", []problemAt{{1, 22, `unknown severity "loud" for PQC203`}}},
		{"severity not string", `{"PQC203": 0}`, []problemAt{{1, 12, "must be a string"}}},
		{"not a rule code", `{"rules": {"PQC20": "off", "XYZ001": "off"}}`, []problemAt{{1, 12, `"PQC20" is not a rule code`}, {1, 28, `"XYZ001" is not a rule code`}}},
		{"rules not object", `{"rules": ["PQC203"]}`, []problemAt{{1, 11, "rules must be an object"}}},
		{"bad month", `{"targetRelease": "2027-13"}`, []problemAt{{1, 19, `"2027-13" is not a month`}}},
		{"bad month shape", `{"targetRelease": "April 2027"}`, []problemAt{{1, 19, "YYYY-MM"}}},
		{"month not string", `{"targetRelease": 202704}`, []problemAt{{1, 19, "the number 202704"}}},
		{"initialRelease string", `{"initialRelease": "yes"}`, []problemAt{{1, 20, "must be true or false"}}},
		{"identifiers not array", `{"knownIdentifiers": "A.B"}`, []problemAt{{1, 22, "must be an array"}}},
		{"identifier not string", `{"knownIdentifiers": ["A.B", 3, {"x": 1}, ""]}`, []problemAt{{1, 30, "the number 3"}, {1, 33, "an object"}, {1, 43, "empty name"}}},
		{"identifier spaces", `{"knownIdentifiers": [" A.B"]}`, []problemAt{{1, 23, "leading or trailing spaces"}}},
		{"rule set twice", "{\"PQC203\": \"off\",\n \"rules\": {\"PQC203\": \"error\"}}", []problemAt{{2, 12, "PQC203 is already set on line 1"}}},
		{"key twice", `{"initialRelease": true, "initialRelease": false}`, []problemAt{{1, 26, `"initialRelease" appears twice`}}},
		{"top level array", `["PQC203"]`, []problemAt{{1, 1, "must be a JSON object, not an array"}}},
		{"top level string", `"x"`, []problemAt{{1, 1, `not the string "x"`}}},
		{"non-ASCII column", "{\"rules\": {\"PQC203\": \"é\", \"PQC204\": \"ü\"}}", []problemAt{{1, 22, `"é"`}, {1, 37, `"ü"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustParse(t, tt.text)
			if len(cfg.Problems) != len(tt.want) {
				t.Fatalf("got %d problems %v, want %d", len(cfg.Problems), cfg.Problems, len(tt.want))
			}
			for i, w := range tt.want {
				p := cfg.Problems[i]
				if p.Line != w.line || p.Column != w.col || !strings.Contains(p.Msg, w.msg) {
					t.Errorf("problem %d = %d:%d %q, want %d:%d containing %q", i, p.Line, p.Column, p.Msg, w.line, w.col, w.msg)
				}
				if p.Path != "p/.pqcert.json" {
					t.Errorf("problem path = %q", p.Path)
				}
			}
		})
	}
}

func TestProblemsKeepGoodSettings(t *testing.T) {
	cfg := mustParse(t, `{"PQC203": "loud", "PQC204": "off", "bogus": [1, {"a": [2]}], "targetRelease": "2027-05"}`)
	if len(cfg.Problems) != 2 {
		t.Fatalf("problems = %v, want 2", cfg.Problems)
	}
	if want := map[string]Severity{"PQC204": Off}; !reflect.DeepEqual(cfg.Rules, want) {
		t.Errorf("Rules = %v, want %v", cfg.Rules, want)
	}
	if cfg.TargetRelease != "2027-05" {
		t.Errorf("TargetRelease = %q: the walk lost its place after skipping a nested value", cfg.TargetRelease)
	}
}

func TestProblemOffset(t *testing.T) {
	text := "{\r\n\t\"rules\": {\r\n\t\t\"PQC203\" :  \"nope\"\r\n\t}\r\n}"
	cfg := mustParse(t, text)
	if len(cfg.Problems) != 1 {
		t.Fatalf("problems = %v", cfg.Problems)
	}
	p := cfg.Problems[0]
	if !strings.HasPrefix(text[p.Offset:], `"nope"`) {
		t.Errorf("offset %d points at %q, want the value", p.Offset, text[p.Offset:])
	}
	if p.Line != 3 || p.Column != 15 {
		t.Errorf("position %d:%d, want 3:15", p.Line, p.Column)
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		line, col int
		msg       string
	}{
		{"trailing comma", "{\n  \"PQC203\": \"off\",\n}", 3, 1, "comma before }"},
		{"line comment", "{\n  // silence\n  \"PQC203\": \"off\"\n}", 2, 3, "does not allow comments"},
		{"block comment", "{ /* x */ }", 1, 3, "does not allow comments"},
		{"single quotes", "{'PQC203': 'off'}", 1, 2, "double quotes"},
		{"missing colon", `{"PQC203" "off"}`, 1, 11, "invalid JSON"},
		{"truncated", `{"PQC203": "off"`, 1, 17, "unexpected end of file"},
		{"empty", "", 1, 1, "file is empty"},
		{"only spaces", "  \n ", 2, 2, "file is empty"},
		{"two values", `{} {}`, 1, 4, "after top-level value"},
		{"BOM then junk", "\uFEFFx", 1, 1, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.text), "dir/.pqcert.json")
			if cfg != nil {
				t.Errorf("Config = %+v, want nil with an error", cfg)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want *SyntaxError", err, err)
			}
			if se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "dir/.pqcert.json:") {
				t.Errorf("Error() = %q, want it to start with the path", err)
			}
		})
	}
}

func TestBOM(t *testing.T) {
	cfg := mustParse(t, "\uFEFF{\"PQC203\": \"x\"}")
	if len(cfg.Problems) != 1 || cfg.Problems[0].Line != 1 || cfg.Problems[0].Column != 12 || cfg.Problems[0].Offset != 14 {
		t.Errorf("problems = %+v, want one at 1:12 (offset 14, the BOM counted in bytes only)", cfg.Problems)
	}
}

func TestParseSeverity(t *testing.T) {
	for word, want := range map[string]Severity{"error": Error, "Warning": Warning, "information": Information, "info": Information, "HINT": Hint, "off": Off} {
		if got, ok := ParseSeverity(word); !ok || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", word, got, ok)
		}
	}
	for _, word := range []string{"", "warn", "none", "fatal"} {
		if _, ok := ParseSeverity(word); ok {
			t.Errorf("ParseSeverity(%q) accepted", word)
		}
	}
	for s := Off; s <= Error; s++ {
		if got, ok := ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("ParseSeverity(%v.String()) = %v", s, got)
		}
	}
	if !(Off < Hint && Hint < Information && Information < Warning && Warning < Error) {
		t.Error("severities are not ordered")
	}
	if got := Severity(42).String(); got != "Severity(42)" {
		t.Errorf("String of bad severity = %q", got)
	}
}

func TestMerge(t *testing.T) {
	yes, no := true, false
	file := &Config{
		Rules:            map[string]Severity{"PQC203": Off, "PQC401": Warning},
		KnownIdentifiers: []string{"A.B", "C.D"},
		InitialRelease:   &yes,
		TargetRelease:    "2027-04",
		Path:             "/x/.pqcert.json",
		Problems:         []Problem{{Msg: "file problem"}},
	}
	editor := &Config{
		Rules:            map[string]Severity{"PQC401": Error, "PQC501": Hint},
		KnownIdentifiers: []string{"C.D", "E.F"},
		InitialRelease:   &no,
	}
	got := file.Merge(editor)
	want := &Config{
		Rules:            map[string]Severity{"PQC203": Off, "PQC401": Error, "PQC501": Hint},
		KnownIdentifiers: []string{"A.B", "C.D", "E.F"},
		InitialRelease:   &no,
		TargetRelease:    "2027-04",
		Path:             "/x/.pqcert.json",
		Problems:         []Problem{{Msg: "file problem"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %+v\nwant %+v", got, want)
	}
	// The inputs are untouched and the result shares nothing with them.
	if file.Rules["PQC401"] != Warning || len(file.KnownIdentifiers) != 2 || !*file.InitialRelease {
		t.Errorf("Merge modified its receiver: %+v", file)
	}
	*got.InitialRelease = true
	if *editor.InitialRelease {
		t.Error("Merge result shares InitialRelease with its argument")
	}

	if got := (*Config)(nil).Merge(editor); got.Rules["PQC501"] != Hint || got.Path != "" {
		t.Errorf("nil.Merge = %+v", got)
	}
	if got := file.Merge(nil); !reflect.DeepEqual(got, file) {
		t.Errorf("Merge(nil) = %+v, want a copy of the receiver", got)
	}
	if got := (*Config)(nil).Merge(nil); got == nil || got.Rules == nil {
		t.Errorf("nil.Merge(nil) = %+v, want defaults", got)
	}
}

func TestSeverityLookup(t *testing.T) {
	cfg := &Config{Rules: map[string]Severity{"PQC203": Off}}
	if cfg.Severity("PQC203", Error) != Off || cfg.Severity("PQC204", Warning) != Warning {
		t.Error("Severity lookup wrong")
	}
	if (*Config)(nil).Severity("PQC203", Hint) != Hint {
		t.Error("nil Config must give the default")
	}
}

func TestFindAndLoad(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := Find(deep); ok {
		// A stray .pqcert.json above the temp dir would make this test meaningless.
		t.Skip("a .pqcert.json exists above the temp dir")
	}
	// A directory of that name is not a settings file.
	if err := os.Mkdir(filepath.Join(root, "a", "b", FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(want, []byte(`{"PQC203": "off"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	got, ok := Find(deep)
	if !ok || got != want {
		t.Fatalf("Find = %q, %v; want %q", got, ok, want)
	}
	cfg, err := Load(got)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != want || cfg.Rules["PQC203"] != Off {
		t.Errorf("Load = %+v", cfg)
	}

	if _, err := Load(filepath.Join(root, "missing.json")); err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("Load(missing) error = %v, want a not-exist error naming the file", err)
	}
	bad := filepath.Join(root, "bad.json")
	if err := os.WriteFile(bad, []byte("{,}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":1:2:") {
		t.Errorf("Load(bad) error = %v, want path:1:2", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"rules": {"PQC203": "off"}, "knownIdentifiers": ["A.B"], "initialRelease": true, "targetRelease": "2027-04"}`,
		`{"PQC203": "off", "x": [1, {"y": null}]}`,
		"\uFEFF{}", `{"rules": []}`, `[`, `{"a":`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		cfg, err := Parse(text, "f")
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || cfg != nil {
				t.Fatalf("err = %v (%T), cfg = %v", err, err, cfg)
			}
			if se.Offset < 0 || se.Offset > len(text) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("bad position %+v", se)
			}
			return
		}
		for _, p := range cfg.Problems {
			if p.Offset < 0 || p.Offset > len(text) || p.Line < 1 || p.Column < 1 {
				t.Fatalf("bad position %+v", p)
			}
		}
		for code := range cfg.Rules {
			if !isRuleCodeLike(code) || strings.ToUpper(code) != code {
				t.Fatalf("bad rule code %q", code)
			}
		}
		if cfg.TargetRelease != "" && !isMonth(cfg.TargetRelease) {
			t.Fatalf("bad month %q", cfg.TargetRelease)
		}
	})
}

// BenchmarkParseManyProblems guards against positions costing a pass over
// the text each: 20k bad keys must stay linear.
func BenchmarkParseManyProblems(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("{\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "  \"bogus%d\": \"x\",\n", i)
	}
	sb.WriteString("  \"PQC203\": \"off\"\n}\n")
	text := []byte(sb.String())
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		cfg, err := Parse(text, "bench")
		if err != nil || len(cfg.Problems) != 20000 {
			b.Fatalf("err %v, %d problems", err, len(cfg.Problems))
		}
	}
}
