package syntax

// This file turns a tree-sitter tree into the package's own flat array of
// nodes in one cgo call (flatten.c). Walking a tree node by node through
// go-tree-sitter costs a cgo call and an allocation per step (about 1.5µs a
// node); the C walk costs tens of nanoseconds a node, and the result is
// plain Go memory that any number of goroutines may read.

/*
#cgo CFLAGS: -I${SRCDIR}/../../grammar/src -O2
#include "syntax.h"
*/
import "C"

import "sync"

const (
	flagNamed    = C.PQ_NAMED
	flagMissing  = C.PQ_MISSING
	flagExtra    = C.PQ_EXTRA
	flagHasError = C.PQ_HAS_ERROR
)

// rawBuffers recycles flatten's buffers (*[]C.pq_raw_node): the raw nodes
// are read once, and the members of a document are parsed one after the
// other on each goroutine.
var rawBuffers sync.Pool

// flatten converts a tree into nodes, mapping tree-sitter symbols and field
// ids to the package's Kind and Field. When the tree has syntax errors it
// also replays the parse to learn what each error region expected.
func flatten(ct *C.struct_TSTree) ([]node, []region) {
	count := uint32(C.pq_count(ct))
	if count == 0 {
		return nil, nil
	}
	buf, _ := rawBuffers.Get().(*[]C.pq_raw_node)
	if buf == nil || cap(*buf) < int(count) {
		b := make([]C.pq_raw_node, count)
		buf = &b
	}
	defer rawBuffers.Put(buf)
	raw := (*buf)[:count]
	n := uint32(C.pq_flatten(ct, &raw[0], C.uint32_t(count)))
	raw = raw[:n]
	lang := languageTables()
	nodes := make([]node, n)
	for i := range nodes {
		r := &raw[i]
		nodes[i] = node{
			kind:   lang.kind(uint16(r.symbol), uint32(r.flags)&flagNamed != 0),
			field:  lang.field(uint16(r.field)),
			flags:  uint8(r.flags),
			start:  uint32(r.start),
			end:    uint32(r.end),
			parent: int32(r.parent),
			next:   int32(r.next),
		}
	}
	var regions []region
	if n > 0 && uint32(raw[0].flags)&flagHasError != 0 {
		regions = replay(raw)
	}
	return nodes, regions
}

// region is what replaying the parse learned about one top-level ERROR
// node: the token the parser could not take and what it expected instead.
type region struct {
	node     int32     // index of the ERROR node
	fail     int32     // index of the failing token; -1 for the end of input; -2 unknown
	prev     int32     // index of the last token taken before it, or -1
	expected [4]uint64 // bit set of grammar symbols (terminals)
}

// maxRegions bounds the error regions analysed per file; a binary or
// non-M file can have thousands, and one message each would only be noise.
const maxRegions = 200

func replay(raw []C.pq_raw_node) []region {
	out := make([]C.pq_region, maxRegions)
	n := int(C.pq_replay(&raw[0], C.uint32_t(len(raw)), &out[0], C.uint32_t(len(out))))
	regions := make([]region, n)
	for i := range regions {
		o := &out[i]
		regions[i] = region{node: int32(o.node), fail: int32(o.fail), prev: int32(o.prev)}
		for j := range regions[i].expected {
			regions[i].expected[j] = uint64(o.expected[j])
		}
	}
	return regions
}
