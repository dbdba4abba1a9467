package document

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
)

// FuzzEdits checks Apply against the naive model: the resulting text equals
// a splice of the model's UTF-16 units, each Edit's bytes and points agree
// with the texts before and after its change, and the handed-over mapper
// agrees with a fresh one.
func FuzzEdits(f *testing.F) {
	f.Add([]byte("let\r\n  x = \"😀\"\rin x"), []byte{1, 1, 2, 1, 9, 4, 0, 0, 0, 0, 0}, "名|\r\n|")
	f.Add([]byte("a😀b\r\nc"), []byte{3, 0, 2, 0, 2}, "x")
	f.Add([]byte("ab"), []byte{0, 0, 0, 0, 0}, "full")
	f.Add([]byte("a\xffb\xe2\x82\n"), []byte{5, 0, 3, 1, 1, 9, 1, 0, 0, 1}, "\r|\n")
	f.Fuzz(func(t *testing.T, text, ops []byte, insert string) {
		var changes []Change
		for len(ops) >= 5 && len(changes) < 4 {
			flag := ops[0]
			var s string
			if n := int(flag>>3) % 4; len(insert) > 0 {
				s = insert[:min(n, len(insert))]
				insert = insert[min(n, len(insert)):]
			}
			ch := Change{Text: s}
			if flag%8 != 0 {
				ch.Range = rng(int(ops[1]%8), int(ops[2]%16), int(ops[3]%8), int(ops[4]%16))
			}
			changes = append(changes, ch)
			ops = ops[5:]
		}

		old := New("file:///f.pq", 1, bytes.Clone(text))
		doc, edits, err := old.Apply(2, changes)

		// Replay the changes on the model.
		cur := text
		var wantEdits [][3]int
		reversed := false
		for _, ch := range changes {
			ref := newRef(cur)
			if ch.Range == nil {
				wantEdits = append(wantEdits, [3]int{0, len(cur), len(ch.Text)})
				cur = []byte(ch.Text)
				continue
			}
			if comparePositions(ch.Range.End, ch.Range.Start) < 0 {
				reversed = true
				break
			}
			start := ref.offset(ch.Range.Start)
			wantEdits = append(wantEdits, [3]int{start, ref.offset(ch.Range.End), start + len(ch.Text)})
			cur = ref.splice(ch.Range.Start, ch.Range.End, ch.Text)
		}
		if reversed {
			if err == nil {
				t.Fatalf("Apply(%q, %+v) accepted a reversed range", text, changes)
			}
			return
		}
		if err != nil {
			t.Fatalf("Apply(%q, %+v): %v", text, changes, err)
		}
		if !bytes.Equal(doc.Text, cur) {
			t.Fatalf("Apply(%q, %+v) = %q, model says %q", text, changes, doc.Text, cur)
		}
		if !bytes.Equal(old.Text, text) {
			t.Fatalf("Apply changed the old text to %q", old.Text)
		}

		// Each Edit against the texts right before and after its change.
		before := text
		for i, e := range edits {
			ch := changes[i]
			var after []byte
			if ch.Range == nil {
				after = []byte(ch.Text)
			} else {
				after = newRef(before).splice(ch.Range.Start, ch.Range.End, ch.Text)
			}
			if w := wantEdits[i]; e.StartByte != w[0] || e.OldEndByte != w[1] || e.NewEndByte != w[2] {
				t.Fatalf("edit %d = %+v, model says bytes %v", i, e, w)
			}
			if !bytes.Equal(before[:e.StartByte], after[:e.StartByte]) ||
				!bytes.Equal(before[e.OldEndByte:], after[e.NewEndByte:]) ||
				string(after[e.StartByte:e.NewEndByte]) != ch.Text {
				t.Fatalf("edit %d = %+v does not describe %q -> %q", i, e, before, after)
			}
			if e.StartPoint != refPoint(before, e.StartByte) ||
				e.OldEndPoint != refPoint(before, e.OldEndByte) ||
				e.NewEndPoint != refPoint(after, e.NewEndByte) {
				t.Fatalf("edit %d = %+v has points that disagree with %q -> %q", i, e, before, after)
			}
			before = after
		}

		checkSameMapper(t, doc.Mapper(), NewMapper(doc.Text))
	})
}

// checkSameMapper fails unless got, a Mapper that Apply derived by splicing,
// has exactly the tables of want, built from scratch.
func checkSameMapper(t *testing.T, got, want *Mapper) {
	t.Helper()
	if !bytes.Equal(got.text, want.text) {
		t.Fatalf("mapper text %q, want %q", got.text, want.text)
	}
	if !slices.Equal(got.lineStarts, want.lineStarts) {
		t.Fatalf("%q: line starts %v, want %v", want.text, got.lineStarts, want.lineStarts)
	}
	if !slices.Equal(got.rowStarts, want.rowStarts) {
		t.Fatalf("%q: row starts %v, want %v", want.text, got.rowStarts, want.rowStarts)
	}
	if (len(got.rowStarts) == len(got.lineStarts)) && &got.rowStarts[0] != &got.lineStarts[0] {
		t.Fatalf("%q: rows equal lines but are not shared", want.text)
	}
	if !slices.Equal(got.nonASCII, want.nonASCII) {
		t.Fatalf("%q: non-ASCII lines %b, want %b", want.text, got.nonASCII, want.nonASCII)
	}
	if !reflect.DeepEqual(got.checkpoints, want.checkpoints) {
		t.Fatalf("%q: checkpoints %v, want %v", want.text, got.checkpoints, want.checkpoints)
	}
}

// FuzzMapper checks Mapper against the naive model and its own round trips:
// Offset(Position(off)) is off moved back to a character boundary, and
// Position(Offset(p)) is p clamped, never after p.
func FuzzMapper(f *testing.F) {
	for _, text := range mapperTexts {
		f.Add([]byte(text), 0, 1, 2)
	}
	f.Add([]byte("😀\r\n😀"), 1, 1, 7)
	f.Fuzz(func(t *testing.T, text []byte, line, char, off int) {
		m, ref := NewMapper(text), newRef(text)
		p := Position{line % 1024, char % 1024}
		got, err := m.Offset(p)
		if p.Line < 0 || p.Character < 0 {
			if err == nil {
				t.Fatalf("Offset(%v) accepted a negative position", p)
			}
			return
		}
		if err != nil {
			t.Fatalf("Offset(%v): %v", p, err)
		}
		if want := ref.offset(p); got != want {
			t.Fatalf("Offset(%q, %v) = %d, model says %d", text, p, got, want)
		}
		q := m.Position(got)
		if comparePositions(q, p) > 0 {
			t.Fatalf("Position(Offset(%v)) = %v, after the original", p, q)
		}
		if again, _ := m.Offset(q); again != got {
			t.Fatalf("Offset(Position(Offset(%v))) = %d, want %d", p, again, got)
		}

		off %= len(text) + 3
		pos := m.Position(off)
		if want := ref.position(off); pos != want {
			t.Fatalf("Position(%q, %d) = %v, model says %v", text, off, pos, want)
		}
		back, err := m.Offset(pos)
		if err != nil || back > max(off, 0) || m.Position(back) != pos {
			t.Fatalf("Offset(Position(%d)) = %d, %v; want a boundary at or before %d", off, back, err, off)
		}
		if clamped := min(max(off, 0), len(text)); clamped <= len(text) {
			if got, want := m.Point(off), refPoint(text, clamped); got != want {
				t.Fatalf("Point(%q, %d) = %v, model says %v", text, off, got, want)
			}
		}
	})
}
