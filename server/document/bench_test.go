package document

import (
	"fmt"
	"strings"
	"testing"
)

// benchText returns an M-like text of about size bytes: mostly ASCII lines,
// one in eight with CJK and an emoji, CRLF endings.
func benchText(size int) []byte {
	var b strings.Builder
	b.Grow(size + 128)
	for i := 0; b.Len() < size; i++ {
		if i%8 == 0 {
			fmt.Fprintf(&b, "    Step%d = Table.AddColumn(Source, \"名前 %d\", each [Price] * 2), // 😀\r\n", i, i)
		} else {
			fmt.Fprintf(&b, "    Step%d = Table.SelectRows(Step%d, each [Value] > %d),\r\n", i, i-1, i)
		}
	}
	return []byte(b.String())
}

var benchSizes = []struct {
	name string
	size int
}{
	{"100KB", 100 << 10},
	{"1MB", 1 << 20},
	{"10MB", 10 << 20},
}

func BenchmarkNewMapper(b *testing.B) {
	for _, sz := range benchSizes {
		text := benchText(sz.size)
		b.Run(sz.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				NewMapper(text)
			}
		})
	}
}

// BenchmarkPosition looks up offsets spread over the whole text.
func BenchmarkPosition(b *testing.B) {
	for _, sz := range benchSizes {
		text := benchText(sz.size)
		m := NewMapper(text)
		b.Run(sz.name, func(b *testing.B) {
			off := 0
			for b.Loop() {
				off = (off + 7919) % len(text)
				m.Position(off)
			}
		})
	}
}

func BenchmarkOffset(b *testing.B) {
	for _, sz := range benchSizes {
		text := benchText(sz.size)
		m := NewMapper(text)
		lines := m.LineCount()
		b.Run(sz.name, func(b *testing.B) {
			line := 0
			for b.Loop() {
				line = (line + 7919) % lines
				if _, err := m.Offset(Position{line, 40}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPositionLongLine looks up positions in a one-line 1 MB non-ASCII
// text (a minified file), where column checkpoints bound the walk.
func BenchmarkPositionLongLine(b *testing.B) {
	text := []byte(strings.Repeat("x = \"名前😀\", ", (1<<20)/20))
	m := NewMapper(text)
	off := 0
	for b.Loop() {
		off = (off + 7919) % len(text)
		m.Position(off)
	}
}

// BenchmarkApply applies one one-character insertion in the middle of the
// text, the common case of typing.
func BenchmarkApply(b *testing.B) {
	for _, sz := range benchSizes {
		doc := New("file:///bench.pq", 1, benchText(sz.size))
		mid := doc.Mapper().LineCount() / 2
		changes := []Change{{Range: rng(mid, 10, mid, 10), Text: "x"}}
		b.Run(sz.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc.Text)))
			for b.Loop() {
				if _, _, err := doc.Apply(2, changes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplyMultiCursor applies 20 one-character insertions in one
// call, as an editor with 20 cursors sends them.
func BenchmarkApplyMultiCursor(b *testing.B) {
	doc := New("file:///bench.pq", 1, benchText(10<<20))
	lines := doc.Mapper().LineCount()
	var changes []Change
	for k := 0; k < 20; k++ {
		line := k * (lines / 20)
		changes = append(changes, Change{Range: rng(line, 4, line, 4), Text: "x"})
	}
	for b.Loop() {
		if _, _, err := doc.Apply(2, changes); err != nil {
			b.Fatal(err)
		}
	}
}
