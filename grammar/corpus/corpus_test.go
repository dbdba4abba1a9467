package corpus

import "testing"

func TestParseCorpus(t *testing.T) {
	content := []byte("==========\nfirst\n:error\n==========\n\na\n---\nb\n-----\n\n(x\n  ; a comment\n  f: (y) )\n\n===\nsecond\n===\nc\r\n---\r\n(z)\n")
	cases, err := Parse(content)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 {
		t.Fatalf("got %d cases, want 2", len(cases))
	}
	first, second := cases[0], cases[1]
	if first.Name != "first" || !first.IsError || first.Skip {
		t.Errorf("first case header: %+v", first)
	}
	if got, want := string(first.Input), "\na\n---\nb"; got != want {
		t.Errorf("first input %q, want %q", got, want)
	}
	if got, want := first.Expected, "(x f: (y))"; got != want || !first.HasField {
		t.Errorf("first expected %q (fields %v), want %q with fields", got, first.HasField, want)
	}
	if second.Name != "second" || string(second.Input) != "c" || second.Expected != "(z)" || second.HasField {
		t.Errorf("second case: %+v", second)
	}
	if got := StripFields("(a left: (b) right: (MISSING c))"); got != "(a (b) (MISSING c))" {
		t.Errorf("stripFields: %q", got)
	}
	if n := CountHeaders(content); n != 2 {
		t.Errorf("countHeaders = %d, want 2", n)
	}
}

func TestLoad(t *testing.T) {
	cases, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 400 || cases[0].File == "" {
		t.Errorf("read %d corpus cases (first from %q)", len(cases), cases[0].File)
	}
}
