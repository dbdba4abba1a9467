// This file defines Mapper.spliced, which derives the Mapper of an edited
// text from the Mapper of the text before the edit, so that Apply does not
// rescan a whole large document for every keystroke.

package document

import (
	"math/bits"
	"sort"
)

// spliced returns the Mapper of text, which must be m's text with the bytes
// [s, e) replaced by insLen bytes (now text[s:s+insLen]). It equals
// NewMapper(text) but costs O(lines) plus a scan of the lines the edit
// touches, instead of a scan of the whole text.
//
// spliced never reads m.text, so the caller may already have edited that
// buffer in place. It relies on one fact: whether offset p starts a line depends only on the
// bytes at p-1 and p. So line starts before s and after e keep their
// meaning (the latter shifted), and only offsets in [s, s+insLen] of the new
// text need checking.
func (m *Mapper) spliced(text []byte, s, e, insLen int) *Mapper {
	delta := insLen - (e - s)
	ne := s + insLen
	nm := &Mapper{text: text}

	// Line starts: keep those before s, check [s, ne], shift those after e.
	i := sort.SearchInts(m.lineStarts, s)
	j := sort.SearchInts(m.lineStarts, e+1)
	var window []int
	loneCRs := 0 // lone '\r' terminators whose line start lies in the window
	for p := s; p <= ne; p++ {
		if p == 0 {
			window = append(window, 0)
		} else if c := text[p-1]; c == '\n' {
			window = append(window, p)
		} else if c == '\r' && (p == len(text) || text[p] != '\n') {
			window = append(window, p)
			loneCRs++
		}
	}
	nm.lineStarts = spliceStarts(m.lineStarts, i, j, window, delta)

	// Rows: when neither the old text nor the window has a lone '\r', rows
	// and lines coincide, as NewMapper would share them.
	if len(m.rowStarts) == len(m.lineStarts) && loneCRs == 0 {
		nm.rowStarts = nm.lineStarts
	} else {
		ri := sort.SearchInts(m.rowStarts, s)
		rj := sort.SearchInts(m.rowStarts, e+1)
		var rowWindow []int
		for _, p := range window {
			if p == 0 || text[p-1] == '\n' {
				rowWindow = append(rowWindow, p)
			}
		}
		nm.rowStarts = spliceStarts(m.rowStarts, ri, rj, rowWindow, delta)
		if len(nm.rowStarts) == len(nm.lineStarts) {
			nm.rowStarts = nm.lineStarts
		}
	}

	// Old lines [first, j-1] became new lines [first, last]; lines before
	// keep their index and flags, lines after shift by dl.
	first := max(i-1, 0)
	last := i + len(window) - 1
	dl := len(window) - (j - i)
	for w, word := range m.nonASCII {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &^= 1 << b
			switch line := w*64 + b; {
			case line < first:
				nm.setNonASCII(line)
			case line >= j:
				nm.setNonASCII(line + dl)
			}
		}
	}
	for line, cps := range m.checkpoints {
		switch {
		case line < first:
			nm.addCheckpoints(line, cps)
		case line >= j:
			shifted := make([]checkpoint, len(cps))
			for k, cp := range cps {
				shifted[k] = checkpoint{off: cp.off + delta, units: cp.units}
			}
			nm.addCheckpoints(line+dl, shifted)
		}
	}
	for line := first; line <= last; line++ {
		start, end := nm.lineStarts[line], nm.lineEnd(line)
		if !isASCII(text[start:end]) {
			nm.markNonASCII(line, start, end)
		}
	}
	for len(nm.nonASCII) > 0 && nm.nonASCII[len(nm.nonASCII)-1] == 0 {
		nm.nonASCII = nm.nonASCII[:len(nm.nonASCII)-1]
	}
	return nm
}

// spliceStarts returns old[:i] + window + (old[j:] shifted by delta).
func spliceStarts(old []int, i, j int, window []int, delta int) []int {
	out := make([]int, 0, i+len(window)+len(old)-j)
	out = append(out, old[:i]...)
	out = append(out, window...)
	for _, p := range old[j:] {
		out = append(out, p+delta)
	}
	return out
}

func (m *Mapper) setNonASCII(line int) {
	for len(m.nonASCII) <= line/64 {
		m.nonASCII = append(m.nonASCII, 0)
	}
	m.nonASCII[line/64] |= 1 << (line % 64)
}

func (m *Mapper) addCheckpoints(line int, cps []checkpoint) {
	if m.checkpoints == nil {
		m.checkpoints = make(map[int][]checkpoint)
	}
	m.checkpoints[line] = cps
}
