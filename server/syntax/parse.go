package syntax

// This file defines Parse and Reparse: splitting a document into chunks,
// parsing each with tree-sitter, and putting the File together.

/*
#include "syntax.h"
*/
import "C"

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/pqcert/pqcert/server/document"
)

// Mode says whether a File keeps its tree-sitter tree for a later Reparse.
// Only an expression document has one: Reparse of a section document reuses
// the untouched members' nodes in either mode.
type Mode int

const (
	// Once frees the tree-sitter tree right after conversion: for files that
	// are read once (the command line).
	Once Mode = iota
	// Retain keeps the tree so that Reparse can parse incrementally: for
	// documents open in an editor.
	Retain
)

// parser is a tree-sitter parser. Parsers are not safe for concurrent use;
// each parse borrows one from the pool.
type tsParser struct{ c *C.struct_TSParser }

var parsers = sync.Pool{New: func() any {
	p := &tsParser{C.pq_parser_new()}
	runtime.SetFinalizer(p, func(p *tsParser) { C.pq_parser_delete(p.c) })
	return p
}}

// parallelMin is the size from which the members of a document are parsed
// on several goroutines.
const parallelMin = 64 << 10

// memberHead precedes a member chunk when it is parsed, so that the member
// is read in the state it has after a section header; its nodes are then
// dropped, and the member's offsets moved back.
const memberHead = "section S;"

// Parse parses a document. It never fails: syntax errors are in File.Errors.
func Parse(doc *document.Document, mode Mode) *File {
	text := doc.Text
	isSection, headEnd := sectionHead(text)
	if !isSection {
		return parseExpression(doc, nil, mode, headEnd)
	}
	spans := chunkSpans(memberEnds(text, 0, 0, nil), 0, len(text))
	head := parseChunk(text[:spans[0].end], kindHead, nil, Once)
	if head == nil {
		return parseExpression(doc, nil, mode, headEnd)
	}
	chunks := make([]*chunk, len(spans))
	chunks[0] = head
	var todo []int
	for i := 1; i < len(spans); i++ {
		todo = append(todo, i)
	}
	parseMembers(text, spans, chunks, todo)
	return assemble(doc, chunks, spans, headEnd)
}

// span is a chunk's place in the text; old is the index of the old chunk
// it keeps during a Reparse, or -1 when it must be parsed.
type span struct {
	start, end int
	old        int
}

// chunkSpans turns member ends into spans from start to end.
func chunkSpans(ends []int, start, end int) []span {
	var spans []span
	for _, e := range ends {
		spans = append(spans, span{start, e, -1})
		start = e
	}
	if start < end || len(spans) == 0 {
		spans = append(spans, span{start, end, -1})
	}
	return spans
}

// parseMembers parses the member chunks listed in todo, in parallel when
// there is enough text.
func parseMembers(text []byte, spans []span, chunks []*chunk, todo []int) {
	size := 0
	for _, i := range todo {
		size += spans[i].end - spans[i].start
	}
	last := len(spans) - 1
	one := func(i int) {
		k := kindMember
		if i == last {
			k = kindLastMember
		}
		chunks[i] = parseChunk(text[spans[i].start:spans[i].end], k, nil, Once)
	}
	workers := runtime.GOMAXPROCS(0)
	if size < parallelMin || workers < 2 || len(todo) < 2 {
		for _, i := range todo {
			one(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(next.Add(1) - 1)
				if j >= len(todo) {
					return
				}
				one(todo[j])
			}
		}()
	}
	wg.Wait()
}

// parseExpression parses the whole document as one chunk, reusing old
// (a tree-sitter tree already edited to match) when not nil.
func parseExpression(doc *document.Document, old *C.struct_TSTree, mode Mode, headEnd int) *File {
	ch := parseChunk(doc.Text, kindWhole, old, mode)
	return assemble(doc, []*chunk{ch}, []span{{0, len(doc.Text), -1}}, headEnd)
}

// Reparse parses doc, the result of applying edits to old's document,
// reusing what it can of old: in a section document the members the edits
// did not touch, in an expression document old's tree. The edits are in
// the order they were applied, each against the text before it (as
// document.Apply returns them). old stays valid for readers, but gives its
// tree to the new File, so a second Reparse from old does more work.
func Reparse(old *File, doc *document.Document, edits []document.Edit) *File {
	if old == nil {
		return Parse(doc, Retain)
	}
	text := doc.Text
	isSection, headEnd := old.sd >= 0, old.headEnd
	for _, e := range edits {
		if e.StartByte <= headEnd {
			isSection, headEnd = sectionHead(text)
			break
		}
	}
	if !isSection {
		var tree *C.struct_TSTree
		if old.sd < 0 {
			tree = old.takeTree()
		}
		if tree != nil {
			for _, e := range edits {
				tsEdit(tree, e)
			}
		}
		return parseExpression(doc, tree, Retain, headEnd)
	}
	if old.sd < 0 {
		return Parse(doc, Retain)
	}
	spans := rechunk(old, text, edits)
	chunks := make([]*chunk, len(spans))
	var todo []int
	for i, s := range spans {
		switch {
		case s.old >= 0:
			chunks[i] = old.chunks[s.old]
		case i == 0:
			if chunks[0] = parseChunk(text[:s.end], kindHead, nil, Once); chunks[0] == nil {
				return Parse(doc, Retain)
			}
		default:
			todo = append(todo, i)
		}
	}
	parseMembers(text, spans, chunks, todo)
	return assemble(doc, chunks, spans, headEnd)
}

// rechunk returns the chunk spans of text after edits to old's text:
// old's chunks shifted past the edits, and new spans, to be parsed, where
// the edits changed the text or moved a member's end.
func rechunk(old *File, text []byte, edits []document.Edit) []span {
	cur := make([]span, len(old.chunks))
	for i, ch := range old.chunks {
		cur[i] = span{old.starts[i], old.starts[i] + ch.length, i}
	}
	for _, e := range edits {
		delta := e.NewEndByte - e.OldEndByte
		lo := sort.Search(len(cur), func(k int) bool { return cur[k].end >= e.StartByte })
		hi := sort.Search(len(cur), func(k int) bool { return cur[k].start > e.OldEndByte }) - 1
		lo, hi = min(lo, len(cur)-1), max(hi, 0)
		if lo > hi {
			lo, hi = hi, lo
		}
		cur[lo] = span{cur[lo].start, cur[hi].end + delta, -1}
		n := copy(cur[lo+1:], cur[hi+1:])
		cur = cur[:lo+1+n]
		if delta != 0 {
			for k := lo + 1; k < len(cur); k++ {
				cur[k].start += delta
				cur[k].end += delta
			}
		}
	}
	// Find the members' ends again from each changed span on, until an end
	// falls where a kept chunk ends: from there on nothing changed.
	out := make([]span, 0, len(cur)+4)
	for k := 0; k < len(cur); {
		if cur[k].old >= 0 {
			out = append(out, cur[k])
			k++
			continue
		}
		rest := cur[k+1:]
		keptEnd := func(end int) bool {
			j := sort.Search(len(rest), func(j int) bool { return rest[j].end >= end })
			return j < len(rest) && rest[j].end == end && rest[j].old >= 0
		}
		ends := memberEnds(text, cur[k].start, cur[k].end, keptEnd)
		stop := len(text)
		if n := len(ends); n > 0 && keptEnd(ends[n-1]) {
			stop = ends[n-1]
		}
		fresh := chunkSpans(ends, cur[k].start, stop)
		// Spans that coincide with kept chunks keep them.
		for i := range fresh {
			j := sort.Search(len(rest), func(j int) bool { return rest[j].start >= fresh[i].start })
			if j < len(rest) && rest[j] == (span{fresh[i].start, fresh[i].end, rest[j].old}) && rest[j].old >= 0 {
				fresh[i].old = rest[j].old
			}
		}
		out = append(out, fresh...)
		for k++; k < len(cur) && cur[k].end <= stop; k++ {
		}
		if k < len(cur) && cur[k].start < stop {
			// A kept chunk cut by the new ends: parse what is left of it.
			cur[k] = span{stop, cur[k].end, -1}
		}
	}
	// An empty span holds nothing; a fresh parse has none but for an empty
	// document.
	kept := out[:0]
	for _, s := range out {
		if s.start < s.end || len(out) == 1 {
			kept = append(kept, s)
		}
	}
	out = kept
	// A chunk that is now last, or no longer last, must be parsed again:
	// where the document's trailing comments hang depends on it.
	for i := range out {
		if out[i].old >= 0 && old.chunks[out[i].old].last != (i == len(out)-1) {
			out[i].old = -1
		}
	}
	if out[0].old >= 0 && out[0].start != 0 {
		out[0].old = -1
	}
	return out
}

// takeTree removes and returns the File's retained tree-sitter tree.
func (f *File) takeTree() *C.struct_TSTree {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.chunks) == 0 {
		return nil
	}
	t := f.chunks[0].tree
	f.chunks[0].tree = nil
	return t
}

// Close frees the File's tree-sitter tree early. The File stays readable.
func (f *File) Close() {
	if t := f.takeTree(); t != nil {
		C.pq_tree_delete(t)
	}
}

// chunkKind says how a chunk's text is parsed.
type chunkKind int

const (
	kindWhole      chunkKind = iota // a whole expression document
	kindHead                        // the head of a section document, through `section Name;`
	kindMember                      // a member of a section document with the comments before it
	kindLastMember                  // the last member, whose trailing comments belong to source_file
)

// parseChunk parses one chunk's text. For the head it returns nil when the
// text is not the head of a section document after all.
func parseChunk(text []byte, kind chunkKind, old *C.struct_TSTree, mode Mode) *chunk {
	buf, head := text, 0
	member := kind == kindMember || kind == kindLastMember
	if member {
		head = len(memberHead)
		buf = make([]byte, head+len(text))
		copy(buf, memberHead)
		copy(buf[head:], text)
	}
	tree := tsParse(buf, old)
	if old != nil {
		// The old tree was edited for this parse and is of no further use.
		C.pq_tree_delete(old)
	}
	ch := &chunk{length: len(text), last: kind == kindLastMember || kind == kindWhole}
	if tree == nil {
		// Only cancellation or a time limit makes tree-sitter give up, and
		// pqcert sets neither.
		ch.errs = []Error{{Span: document.Span{Start: 0, End: len(text)}, Msg: "the parser gave up on this text"}}
		ch.srcRoots = 0
		return ch
	}
	nodes, regions := flatten(tree)
	v := singleChunk(buf, nodes)
	errs := collectErrors(v, regions)
	warns := checkEscapes(v)
	switch kind {
	case kindWhole:
		ch.nodes = nodes
	case kindHead:
		sd := sectionDocument(nodes)
		if sd < 0 {
			C.pq_tree_delete(tree)
			return nil
		}
		ch.nodes, ch.sd = closeHead(nodes, sd), sd
	default:
		ch.nodes, ch.srcRoots, ch.rootsEnd = selectMember(nodes, head, kind == kindLastMember)
		errs = shiftErrors(errs, head, len(text))
		warns = shiftErrors(warns, head, len(text))
	}
	if kind != kindMember && kind != kindLastMember {
		ch.srcRoots = int32(len(ch.nodes))
	}
	ch.errs, ch.warns = errs, warns
	for i := range ch.nodes {
		if ch.nodes[i].flags&flagHasError != 0 || ch.nodes[i].kind == KindError {
			ch.hasError = true
			break
		}
	}
	if mode == Retain && kind == kindWhole {
		ch.tree = tree
	} else {
		C.pq_tree_delete(tree)
	}
	return ch
}

// singleChunk wraps the nodes of one parse in a File, the form in which
// errors are collected and checks run.
func singleChunk(text []byte, nodes []node) *File {
	return &File{
		Doc:    document.New("", 0, text),
		chunks: []*chunk{{nodes: nodes, srcRoots: int32(len(nodes)), length: len(text)}},
		starts: []int{0},
		bases:  []int32{0},
		count:  len(nodes),
		sd:     -1,
	}
}

// sectionDocument returns the index of the section_document child of the
// root, or -1.
func sectionDocument(nodes []node) int32 {
	if len(nodes) == 0 || nodes[0].kind != KindSourceFile {
		return -1
	}
	for c := int32(1); c < int32(len(nodes)); c = nodes[c].next {
		if nodes[c].kind == KindSectionDocument {
			return c
		}
	}
	return -1
}

// closeHead makes the section_document of a head chunk the last child of
// source_file, so that the members can follow it: whatever the head has
// after it moves into it.
func closeHead(nodes []node, sd int32) []node {
	n := int32(len(nodes))
	for c := nodes[sd].next; c < n; c = nodes[c].next {
		nodes[c].parent = sd
		nodes[sd].end = max(nodes[sd].end, nodes[c].end)
		if nodes[c].flags&flagHasError != 0 || nodes[c].kind == KindError {
			nodes[sd].flags |= flagHasError
		}
	}
	nodes[sd].next = n
	return nodes
}

// selectMember takes from the parse of memberHead + a member's text the
// nodes of the member: the children of section_document after the head,
// and the children of source_file after section_document (which in the
// last chunk stay children of source_file). Offsets become relative to the
// member's text. It returns the nodes, the index of the first root that
// belongs to source_file, and the end of the last root that belongs to
// section_document (-1 if none).
//
// The nodes move down within nodes itself, which saves a copy of the
// array per member: the roots to take are listed first, and then each
// node, read before it is written, lands at or before its old index.
func selectMember(nodes []node, head int, last bool) ([]node, int32, int) {
	type root struct {
		r   int32
		src bool
	}
	var buf [8]root
	roots := buf[:0]
	sd := sectionDocument(nodes)
	switch {
	case len(nodes) == 0:
	case sd < 0:
		roots = append(roots, root{0, false})
	default:
		after := false
		for c := int32(1); c < int32(len(nodes)); c = nodes[c].next {
			if c == sd {
				for d := sd + 1; d < nodes[sd].next; d = nodes[d].next {
					roots = append(roots, root{d, false})
				}
				after = true
				continue
			}
			roots = append(roots, root{c, after && last})
		}
	}
	out := nodes[:0]
	srcRoots := int32(-1)
	rootsEnd := -1
	rel := func(off uint32) uint32 {
		if int(off) < head {
			return 0
		}
		return off - uint32(head)
	}
	for _, rt := range roots {
		r, src := rt.r, rt.src
		if int(nodes[r].end) <= head && int(nodes[r].start) < head {
			continue // a node of memberHead
		}
		if src && srcRoots < 0 {
			srcRoots = int32(len(out))
		}
		base := int32(len(out)) - r
		end := nodes[r].next
		for k := r; k < end; k++ {
			n := nodes[k]
			n.start, n.end = rel(n.start), rel(n.end)
			n.next += base
			if k == r {
				n.parent = -1
				if !src {
					rootsEnd = int(n.end)
				}
			} else {
				n.parent += base
			}
			out = append(out, n)
		}
	}
	if srcRoots < 0 {
		srcRoots = int32(len(out))
	}
	return out, srcRoots, rootsEnd
}

// shiftErrors moves errors found in memberHead + a member's text back to
// offsets in the member's text.
func shiftErrors(errs []Error, head, length int) []Error {
	for i := range errs {
		s := &errs[i].Span
		s.Start = min(max(s.Start-head, 0), length)
		s.End = min(max(s.End-head, s.Start), length)
	}
	return errs
}

// assemble puts chunks together into a File.
func assemble(doc *document.Document, chunks []*chunk, spans []span, headEnd int) *File {
	f := &File{Doc: doc, chunks: chunks, sd: -1, headEnd: headEnd}
	f.starts = make([]int, len(chunks))
	f.bases = make([]int32, len(chunks))
	anyError := false
	for i, ch := range chunks {
		f.starts[i] = spans[i].start
		f.bases[i] = int32(f.count)
		f.count += len(ch.nodes)
		anyError = anyError || ch.hasError
	}
	head := chunks[0]
	if len(chunks) > 1 || head.sd > 0 {
		f.sd = head.sd
		f.anyError = anyError
		f.sdEnd = int(head.nodes[head.sd].end)
		f.sdNext = int32(f.count)
		for i := len(chunks) - 1; i > 0; i-- {
			if chunks[i].rootsEnd >= 0 {
				f.sdEnd = f.starts[i] + chunks[i].rootsEnd
				break
			}
		}
		if last := chunks[len(chunks)-1]; len(chunks) > 1 && int(last.srcRoots) < len(last.nodes) {
			f.sdNext = f.bases[len(chunks)-1] + last.srcRoots
		}
	}
	var lastErr = -1
	for i, ch := range chunks {
		for _, e := range ch.errs {
			e.Span.Start += f.starts[i]
			e.Span.End += f.starts[i]
			// One error per line, across chunks too.
			if lastErr >= 0 && sameLine(doc.Text, lastErr, e.Span.Start) {
				continue
			}
			f.Errors = append(f.Errors, e)
			lastErr = e.Span.Start
		}
		for _, w := range ch.warns {
			w.Span.Start += f.starts[i]
			w.Span.End += f.starts[i]
			f.Warnings = append(f.Warnings, w)
		}
	}
	if head.tree != nil {
		runtime.SetFinalizer(f, (*File).Close)
	}
	return f
}

// tsParse parses text with tree-sitter, reusing old (edited to match) when
// not nil. The caller frees the tree with tsFree.
func tsParse(text []byte, old *C.struct_TSTree) *C.struct_TSTree {
	p := parsers.Get().(*tsParser)
	defer parsers.Put(p)
	var ptr *C.char
	if len(text) > 0 {
		ptr = (*C.char)(unsafe.Pointer(&text[0]))
	}
	return C.pq_parse(p.c, old, ptr, C.uint32_t(len(text)))
}

func tsFree(t *C.struct_TSTree) { C.pq_tree_delete(t) }

// tsEdit tells a tree-sitter tree about an edit of its text.
func tsEdit(t *C.struct_TSTree, e document.Edit) {
	C.pq_tree_edit(t, C.uint32_t(e.StartByte), C.uint32_t(e.OldEndByte), C.uint32_t(e.NewEndByte),
		C.uint32_t(e.StartPoint.Row), C.uint32_t(e.StartPoint.Column),
		C.uint32_t(e.OldEndPoint.Row), C.uint32_t(e.OldEndPoint.Column),
		C.uint32_t(e.NewEndPoint.Row), C.uint32_t(e.NewEndPoint.Column))
}
