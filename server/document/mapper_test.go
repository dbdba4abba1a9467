package document

import (
	"strings"
	"testing"
)

// mapperTexts covers the texts the table and model tests run over.
var mapperTexts = map[string]string{
	"empty":           "",
	"ascii":           "let\n    x = 1\nin\n    x",
	"trailing LF":     "a\nb\n",
	"CRLF":            "ab\r\ncd\r\n",
	"lone CR":         "ab\rcd\r\ref",
	"CR CRLF":         "a\r\r\nb",
	"LF CR":           "a\n\rb",
	"emoji":           "x = \"😀\", y\n😀😀",
	"CJK":             "名前 = \"東京\"\n値",
	"combining":       "e\u0301t\u0301\ne\u0301",
	"invalid UTF-8":   "a\xffb\xe2\x82\nc\xf0\x9f\x98",
	"U+2028 not a LF": "a\u2028b",
	"only newlines":   "\n\r\n\r",
	"BOM char":        "\ufefflet",
	"FFFD literal":    "a\ufffdb",
}

func TestPositionTable(t *testing.T) {
	tests := []struct {
		text string
		off  int
		want Position
	}{
		{"", 0, Position{0, 0}},
		{"", 5, Position{0, 0}},
		{"", -3, Position{0, 0}},
		{"abc", 2, Position{0, 2}},
		{"abc", 99, Position{0, 3}},
		{"a\nb", 2, Position{1, 0}},
		{"a\nb", 1, Position{0, 1}},
		{"ab\r\ncd", 2, Position{0, 2}}, // at '\r'
		{"ab\r\ncd", 3, Position{0, 2}}, // between '\r' and '\n'
		{"ab\r\ncd", 4, Position{1, 0}},
		{"ab\rcd", 3, Position{1, 0}}, // lone CR ends a line
		{"a\r\r\nb", 2, Position{1, 0}},
		{"a\r\r\nb", 4, Position{2, 0}},
		{"😀x", 4, Position{0, 2}}, // emoji is 2 units
		{"😀x", 2, Position{0, 0}}, // inside the emoji: rounds down
		{"😀x", 5, Position{0, 3}},
		{"名前x", 6, Position{0, 2}}, // CJK is 3 bytes, 1 unit
		{"名前x", 4, Position{0, 1}},
		{"e\u0301t", 3, Position{0, 2}},  // a combining mark is its own unit
		{"a\xffb", 2, Position{0, 2}},    // an invalid byte is 1 unit
		{"\xe2\x82z", 2, Position{0, 2}}, // truncated sequence: 2 invalid bytes
		{"a\u2028b", 4, Position{0, 2}},  // U+2028 does not end a line
		{"a\n", 2, Position{1, 0}},
	}
	for _, tt := range tests {
		m := NewMapper([]byte(tt.text))
		if got := m.Position(tt.off); got != tt.want {
			t.Errorf("Position(%q, %d) = %v, want %v", tt.text, tt.off, got, tt.want)
		}
	}
}

func TestOffsetTable(t *testing.T) {
	tests := []struct {
		text string
		p    Position
		want int
	}{
		{"", Position{0, 0}, 0},
		{"", Position{0, 7}, 0},
		{"", Position{3, 0}, 0},
		{"abc\ndef", Position{1, 1}, 5},
		{"abc\ndef", Position{0, 10}, 3}, // past line end: line end
		{"abc\ndef", Position{5, 0}, 7},  // past last line: end of text
		{"ab\r\ncd", Position{0, 3}, 2},  // never between '\r' and '\n'
		{"ab\r\ncd", Position{1, 0}, 4},
		{"ab\rcd", Position{1, 1}, 4},
		{"😀x", Position{0, 1}, 0}, // inside the surrogate pair: start of the emoji
		{"😀x", Position{0, 2}, 4},
		{"😀x", Position{0, 3}, 5},
		{"名前x", Position{0, 2}, 6},
		{"a\xffb", Position{0, 2}, 2},
		{"\xf0\x9f\x98a", Position{0, 3}, 3}, // truncated emoji: 3 invalid bytes, 3 units
		{"a\n", Position{1, 0}, 2},
		{"a\n", Position{1, 4}, 2},
	}
	for _, tt := range tests {
		m := NewMapper([]byte(tt.text))
		got, err := m.Offset(tt.p)
		if err != nil || got != tt.want {
			t.Errorf("Offset(%q, %v) = %d, %v; want %d", tt.text, tt.p, got, err, tt.want)
		}
	}
}

func TestOffsetNegative(t *testing.T) {
	m := NewMapper([]byte("abc"))
	for _, p := range []Position{{-1, 0}, {0, -1}} {
		if _, err := m.Offset(p); err == nil {
			t.Errorf("Offset(%v) succeeded, want an error", p)
		}
	}
	if _, err := m.Span(Range{Position{0, 2}, Position{0, 1}}); err == nil {
		t.Error("Span of a reversed range succeeded")
	}
	if s, err := m.Span(Range{Position{0, 1}, Position{9, 9}}); err != nil || s != (Span{1, 3}) {
		t.Errorf("Span clamped = %v, %v; want {1 3}", s, err)
	}
}

func TestLinesAndPoints(t *testing.T) {
	tests := []struct {
		text   string
		lines  []Span
		points map[int]Point
	}{
		{"", []Span{{0, 0}}, map[int]Point{0: {0, 0}}},
		{"a\nbc\n", []Span{{0, 1}, {2, 4}, {5, 5}}, map[int]Point{3: {1, 1}, 5: {2, 0}}},
		{"a\r\nb", []Span{{0, 1}, {3, 4}}, map[int]Point{2: {0, 2}, 3: {1, 0}}},
		// A lone CR ends an LSP line but not a tree-sitter row.
		{"a\rb\nc", []Span{{0, 1}, {2, 3}, {4, 5}}, map[int]Point{2: {0, 2}, 4: {1, 0}, 5: {1, 1}}},
		{"\r\r", []Span{{0, 0}, {1, 1}, {2, 2}}, map[int]Point{2: {0, 2}}},
		{"😀\n", []Span{{0, 4}, {5, 5}}, map[int]Point{4: {0, 4}, 99: {1, 0}}},
	}
	for _, tt := range tests {
		m := NewMapper([]byte(tt.text))
		if m.LineCount() != len(tt.lines) {
			t.Errorf("%q: LineCount = %d, want %d", tt.text, m.LineCount(), len(tt.lines))
			continue
		}
		for i, want := range tt.lines {
			if got := m.LineSpan(i); got != want {
				t.Errorf("%q: LineSpan(%d) = %v, want %v", tt.text, i, got, want)
			}
		}
		for off, want := range tt.points {
			if got := m.Point(off); got != want {
				t.Errorf("%q: Point(%d) = %v, want %v", tt.text, off, got, want)
			}
		}
		end := Span{len(tt.text), len(tt.text)}
		if got := m.LineSpan(len(tt.lines)); got != end {
			t.Errorf("%q: LineSpan past the end = %v, want %v", tt.text, got, end)
		}
		if got := m.LineSpan(-1); got != tt.lines[0] {
			t.Errorf("%q: LineSpan(-1) = %v, want %v", tt.text, got, tt.lines[0])
		}
	}
}

func TestLineCol(t *testing.T) {
	m := NewMapper([]byte("ab\n😀c"))
	for off, want := range map[int][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 7: {2, 3}, 8: {2, 4}} {
		line, col := m.LineCol(off)
		if line != want[0] || col != want[1] {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", off, line, col, want[0], want[1])
		}
	}
	r := m.Range(Span{3, 8})
	if want := (Range{Position{1, 0}, Position{1, 3}}); r != want {
		t.Errorf("Range = %v, want %v", r, want)
	}
}

// TestMapperAgainstModel compares every offset and many positions of each
// sample text against the naive model.
func TestMapperAgainstModel(t *testing.T) {
	for name, text := range mapperTexts {
		checkMapperAgainstModel(t, name, []byte(text))
	}
}

// TestLongLines exercises the checkpoints of long non-ASCII lines.
func TestLongLines(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*checkpointEvery+100; i++ {
		b.WriteString([]string{"a", "é", "😀", "名", "\xff"}[i%5]) // no terminator: one long line
	}
	long := b.String()
	texts := map[string]string{
		"one long line": long,
		"long middle":   "first\n" + long + "\r\nlast 😀",
		"long ASCII":    strings.Repeat("x", 3*checkpointEvery) + "\né",
	}
	for name, text := range texts {
		m := NewMapper([]byte(text))
		if strings.Contains(name, "ASCII") && len(m.checkpoints) != 0 {
			t.Errorf("%s: ASCII line got checkpoints", name)
		}
		if !strings.Contains(name, "ASCII") && len(m.checkpoints) == 0 {
			t.Errorf("%s: long line has no checkpoints", name)
		}
		checkMapperAgainstModel(t, name, []byte(text))
	}
}

func checkMapperAgainstModel(t *testing.T, name string, text []byte) {
	t.Helper()
	m, ref := NewMapper(text), newRef(text)
	if m.LineCount() != len(ref.lines) {
		t.Fatalf("%s: LineCount = %d, model has %d", name, m.LineCount(), len(ref.lines))
	}
	for off := -1; off <= len(text)+1; off++ {
		p := m.Position(off)
		if want := ref.position(off); p != want {
			t.Fatalf("%s: Position(%d) = %v, model says %v", name, off, p, want)
		}
		if off >= 0 && off <= len(text) {
			if got, want := m.Point(off), refPoint(text, off); got != want {
				t.Fatalf("%s: Point(%d) = %v, model says %v", name, off, got, want)
			}
		}
	}
	for line := 0; line <= m.LineCount(); line++ {
		n := 0
		if line < len(ref.lines) {
			n = ref.lines[line][1]
		}
		for char := 0; char <= n+2; char++ {
			p := Position{line, char}
			got, err := m.Offset(p)
			if err != nil {
				t.Fatalf("%s: Offset(%v): %v", name, p, err)
			}
			if want := ref.offset(p); got != want {
				t.Fatalf("%s: Offset(%v) = %d, model says %d", name, p, got, want)
			}
		}
	}
}

func TestDocumentMapperCached(t *testing.T) {
	doc := New("file:///a.pq", 1, []byte("a\nb"))
	if doc.Mapper() != doc.Mapper() {
		t.Error("Mapper is rebuilt on each call")
	}
	if doc.Mapper().LineCount() != 2 {
		t.Errorf("LineCount = %d, want 2", doc.Mapper().LineCount())
	}
}

func TestSpan(t *testing.T) {
	s := Span{2, 5}
	if s.Len() != 3 || !s.Contains(2) || s.Contains(5) || (Span{3, 3}).Contains(3) {
		t.Errorf("Span methods wrong for %v", s)
	}
}
