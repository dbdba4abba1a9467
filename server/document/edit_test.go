package document

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func rng(l1, c1, l2, c2 int) *Range {
	return &Range{Position{l1, c1}, Position{l2, c2}}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		changes []Change
		want    string
		edits   []Edit
	}{
		{
			name:    "insert",
			text:    "let x = 1 in x",
			changes: []Change{{Range: rng(0, 9, 0, 9), Text: "0"}},
			want:    "let x = 10 in x",
			edits:   []Edit{{9, 9, 10, Point{0, 9}, Point{0, 9}, Point{0, 10}}},
		},
		{
			name:    "full replacement",
			text:    "a\nb",
			changes: []Change{{Text: "xyz"}},
			want:    "xyz",
			edits:   []Edit{{0, 3, 3, Point{0, 0}, Point{1, 1}, Point{0, 3}}},
		},
		{
			name:    "insert at 0:0 is not a replacement",
			text:    "abc",
			changes: []Change{{Range: rng(0, 0, 0, 0), Text: "x"}},
			want:    "xabc",
			edits:   []Edit{{0, 0, 1, Point{0, 0}, Point{0, 0}, Point{0, 1}}},
		},
		{
			name: "several changes, each against the previous text",
			text: "ab\ncd",
			changes: []Change{
				{Range: rng(1, 0, 1, 2), Text: "X\nY"},
				{Range: rng(0, 0, 0, 1), Text: ""},
			},
			want: "b\nX\nY",
			edits: []Edit{
				{3, 5, 6, Point{1, 0}, Point{1, 2}, Point{2, 1}},
				{0, 1, 0, Point{0, 0}, Point{0, 1}, Point{0, 0}},
			},
		},
		{
			name:    "range past the end clamps",
			text:    "ab\ncd",
			changes: []Change{{Range: rng(1, 1, 40, 0), Text: "!"}},
			want:    "ab\nc!",
			edits:   []Edit{{4, 5, 5, Point{1, 1}, Point{1, 2}, Point{1, 2}}},
		},
		{
			name:    "character past line end clamps before CRLF",
			text:    "ab\r\ncd",
			changes: []Change{{Range: rng(0, 9, 0, 9), Text: "!"}},
			want:    "ab!\r\ncd",
			edits:   []Edit{{2, 2, 3, Point{0, 2}, Point{0, 2}, Point{0, 3}}},
		},
		{
			name:    "delete a CRLF",
			text:    "ab\r\ncd",
			changes: []Change{{Range: rng(0, 2, 1, 0), Text: ""}},
			want:    "abcd",
			edits:   []Edit{{2, 4, 2, Point{0, 2}, Point{1, 0}, Point{0, 2}}},
		},
		{
			name:    "range inside a surrogate pair keeps the emoji whole",
			text:    "a😀b",
			changes: []Change{{Range: rng(0, 2, 0, 2), Text: "x"}},
			want:    "ax😀b",
			edits:   []Edit{{1, 1, 2, Point{0, 1}, Point{0, 1}, Point{0, 2}}},
		},
		{
			name:    "replace an emoji",
			text:    "a😀b",
			changes: []Change{{Range: rng(0, 1, 0, 3), Text: "名"}},
			want:    "a名b",
			edits:   []Edit{{1, 5, 4, Point{0, 1}, Point{0, 5}, Point{0, 4}}},
		},
		{
			name:    "lone CR line",
			text:    "a\rb\nc",
			changes: []Change{{Range: rng(1, 0, 1, 1), Text: "B"}},
			want:    "a\rB\nc",
			edits:   []Edit{{2, 3, 3, Point{0, 2}, Point{0, 3}, Point{0, 3}}},
		},
		{
			name:    "no changes",
			text:    "abc",
			changes: nil,
			want:    "abc",
			edits:   []Edit{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := New("file:///c.pq", 1, []byte(tt.text))
			doc, edits, err := old.Apply(2, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(doc.Text) != tt.want {
				t.Errorf("text = %q, want %q", doc.Text, tt.want)
			}
			if doc.Version != 2 || doc.URI != old.URI {
				t.Errorf("doc = %s v%d, want %s v2", doc.URI, doc.Version, old.URI)
			}
			if string(old.Text) != tt.text {
				t.Errorf("old text changed to %q", old.Text)
			}
			if len(edits) != len(tt.edits) {
				t.Fatalf("edits = %+v, want %+v", edits, tt.edits)
			}
			for i := range edits {
				if edits[i] != tt.edits[i] {
					t.Errorf("edit %d = %+v, want %+v", i, edits[i], tt.edits[i])
				}
			}
			// The mapper handed over by Apply equals a fresh one.
			checkMapperAgainstModel(t, tt.name, doc.Text)
			if got, want := doc.Mapper().LineCount(), NewMapper(doc.Text).LineCount(); got != want {
				t.Errorf("LineCount = %d, want %d", got, want)
			}
		})
	}
}

// TestApplySplicedMapper covers edits that change how line terminators pair
// up, where the spliced Mapper must still equal a fresh one.
func TestApplySplicedMapper(t *testing.T) {
	long := strings.Repeat("é😀x", checkpointEvery/2)
	tests := []struct {
		text    string
		changes []Change
	}{
		{"a\rb", []Change{{Range: rng(1, 0, 1, 0), Text: "\n"}}},     // lone CR becomes CRLF
		{"a\r", []Change{{Range: rng(1, 0, 1, 0), Text: "\nb"}}},     // at the end
		{"a\rX\nb", []Change{{Range: rng(1, 0, 1, 1), Text: ""}}},    // lone CR and LF merge
		{"a\r\nb", []Change{{Range: rng(0, 1, 1, 0), Text: "\r\r"}}}, // CRLF becomes two lone CRs
		{"a\rb\rc", []Change{{Range: rng(0, 0, 2, 1), Text: "z"}}},   // all lone CRs go
		{"x\n" + long + "\ny\n" + long, []Change{{Range: rng(1, 5, 1, 5), Text: "\n"}}},
		{"x\n" + long + "\ny\n" + long, []Change{{Range: rng(0, 0, 0, 1), Text: "名\n\n"}}},
		{"x\n" + long + "\ny\n" + long, []Change{{Range: rng(1, 0, 3, 0), Text: ""}}},
		{"é\né\né", []Change{{Range: rng(1, 0, 1, 1), Text: "e"}, {Range: rng(0, 0, 0, 0), Text: "\r\n"}}},
		{"", []Change{{Range: rng(0, 0, 0, 0), Text: "a\rb\r\n"}, {Range: rng(1, 0, 1, 0), Text: "\n"}}},
	}
	for _, tt := range tests {
		doc, _, err := New("file:///s.pq", 1, []byte(tt.text)).Apply(2, tt.changes)
		if err != nil {
			t.Fatalf("%q: %v", tt.text, err)
		}
		checkSameMapper(t, doc.Mapper(), NewMapper(doc.Text))
	}
}

func TestApplyErrors(t *testing.T) {
	doc := New("file:///c.pq", 1, []byte("abc\ndef"))
	for _, changes := range [][]Change{
		{{Range: rng(1, 0, 0, 2), Text: "x"}},
		{{Range: rng(0, 2, 0, 1), Text: "x"}},
		{{Range: rng(0, 0, 0, 1), Text: "ok"}, {Range: rng(-1, 0, 0, 0), Text: "x"}},
		{{Range: rng(0, -2, 0, 0), Text: "x"}},
	} {
		got, edits, err := doc.Apply(2, changes)
		if err == nil || got != nil || edits != nil {
			t.Errorf("Apply(%+v) = %v, %v, %v; want an error", changes, got, edits, err)
		}
	}
	_, _, err := doc.Apply(2, []Change{{Range: rng(1, 0, 0, 2)}})
	if !errors.Is(err, errReversedRange) || !strings.Contains(err.Error(), "file:///c.pq") {
		t.Errorf("error %q does not name the reversed range and the file", err)
	}
	if string(doc.Text) != "abc\ndef" {
		t.Errorf("failed Apply changed the text to %q", doc.Text)
	}
}

func TestApplyEdits(t *testing.T) {
	text := []byte("0123456789")
	tests := []struct {
		edits []TextEdit
		want  string
	}{
		{nil, "0123456789"},
		{[]TextEdit{{Span{8, 10}, "X"}, {Span{0, 1}, "Y"}}, "Y1234567X"},
		{[]TextEdit{{Span{3, 3}, "a"}, {Span{3, 3}, "b"}}, "012ab3456789"},
		{[]TextEdit{{Span{3, 5}, "R"}, {Span{3, 3}, "i"}}, "012iR56789"},
		{[]TextEdit{{Span{3, 5}, "R"}, {Span{5, 5}, "i"}}, "012Ri56789"},
		{[]TextEdit{{Span{0, 10}, ""}}, ""},
	}
	for _, tt := range tests {
		got, err := ApplyEdits(text, tt.edits)
		if err != nil || string(got) != tt.want {
			t.Errorf("ApplyEdits(%v) = %q, %v; want %q", tt.edits, got, err, tt.want)
		}
	}
	if string(text) != "0123456789" {
		t.Errorf("ApplyEdits changed its input to %q", text)
	}
	for _, bad := range [][]TextEdit{
		{{Span{2, 5}, "a"}, {Span{4, 6}, "b"}},
		{{Span{2, 5}, "a"}, {Span{2, 5}, "b"}},
		{{Span{2, 5}, "a"}, {Span{3, 3}, "b"}},
		{{Span{5, 2}, "a"}},
		{{Span{-1, 2}, "a"}},
		{{Span{9, 11}, "a"}},
	} {
		if got, err := ApplyEdits(text, bad); err == nil {
			t.Errorf("ApplyEdits(%v) = %q, want an error", bad, got)
		}
	}
}

// TestConcurrentMapper checks that readers may share a Document (run with
// -race).
func TestConcurrentMapper(t *testing.T) {
	doc := New("file:///c.pq", 1, bytes.Repeat([]byte("é😀\r\n"), 1000))
	done := make(chan Position)
	for i := 0; i < 4; i++ {
		go func() { done <- doc.Mapper().Position(len(doc.Text) - 1) }()
	}
	for i := 0; i < 4; i++ {
		if p := <-done; p != (Position{999, 3}) {
			t.Errorf("Position = %v, want 999:3", p)
		}
	}
}

// TestApplyRandomLongLines applies random edits to texts with lines longer
// than checkpointEvery, which the fuzzer rarely builds, and checks the text
// against the model and the spliced Mapper against a fresh one.
func TestApplyRandomLongLines(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "bc", "é", "😀", "名", "\xff", "\n", "\r", "\r\n"}
	randomText := func(n int, newlines bool) string {
		var b strings.Builder
		for b.Len() < n {
			p := pieces[rnd.IntN(len(pieces))]
			if !newlines && strings.ContainsAny(p, "\r\n") {
				continue
			}
			b.WriteString(p)
		}
		return b.String()
	}
	for iter := 0; iter < 40; iter++ {
		text := []byte(randomText(100, true) + randomText(3*checkpointEvery, false) + randomText(100, true) + randomText(2*checkpointEvery, false))
		doc := New("file:///r.pq", 1, text)
		for step := 0; step < 5; step++ {
			lines := doc.Mapper().LineCount()
			a := Position{rnd.IntN(lines + 1), rnd.IntN(2 * checkpointEvery)}
			b := Position{rnd.IntN(lines + 1), rnd.IntN(2 * checkpointEvery)}
			if comparePositions(b, a) < 0 {
				a, b = b, a
			}
			ins := randomText(rnd.IntN(3)*rnd.IntN(2*checkpointEvery), rnd.IntN(2) == 0)
			want := newRef(doc.Text).splice(a, b, ins)
			next, _, err := doc.Apply(doc.Version+1, []Change{{Range: &Range{a, b}, Text: ins}})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(next.Text, want) {
				t.Fatalf("iteration %d step %d: text differs from the model", iter, step)
			}
			checkSameMapper(t, next.Mapper(), NewMapper(next.Text))
			doc = next
		}
	}
}

func TestOnlyBlanksBefore(t *testing.T) {
	text := []byte("a\n  b\r\tc\r\n x")
	for off, want := range map[int]bool{0: true, 1: false, 2: true, 4: true, 5: false, 7: true, 10: true, 11: true, 12: false} {
		if got := OnlyBlanksBefore(text, off); got != want {
			t.Errorf("OnlyBlanksBefore(%q, %d) = %v, want %v", text, off, got, want)
		}
	}
}
