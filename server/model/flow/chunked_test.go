package flow

import "testing"

// The chunked list keeps every element where add put it, across the
// chunk boundaries.
func TestChunked(t *testing.T) {
	var l chunked[int]
	for i := range 5000 {
		if got := l.add(i * 3); got != i {
			t.Fatalf("add %d returned position %d", i, got)
		}
	}
	for i := range 5000 {
		if got := *l.at(i); got != i*3 {
			t.Fatalf("at(%d) = %d, want %d", i, got, i*3)
		}
	}
	if total := firstChunk<<len(l.chunks) - firstChunk; total < 5000 || total >= 2*5000+firstChunk {
		t.Errorf("%d chunks hold %d elements for 5000", len(l.chunks), total)
	}
}
