package syntax

// This file turns a tree-sitter tree into the package's own flat array of
// nodes in one cgo call. Walking a tree node by node through go-tree-sitter
// costs a cgo call and an allocation per step (about 1.5µs a node); the C
// walk below costs a few nanoseconds a node, and the result is plain Go
// memory that any number of goroutines may read.

/*
#include <stdbool.h>
#include <stdint.h>

// The parts of tree-sitter's api.h (ABI 14, as bundled with go-tree-sitter)
// that the walk needs; the functions are linked from go-tree-sitter's runtime.
typedef struct TSTree TSTree;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;
TSNode ts_tree_root_node(const TSTree *self);
uint32_t ts_node_descendant_count(TSNode self);
uint16_t ts_node_symbol(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
bool ts_node_is_named(TSNode self);
bool ts_node_is_missing(TSNode self);
bool ts_node_is_extra(TSNode self);
bool ts_node_has_error(TSNode self);
TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);

enum { PQ_NAMED = 1, PQ_MISSING = 2, PQ_EXTRA = 4, PQ_HAS_ERROR = 8 };

typedef struct {
  uint16_t symbol;
  uint16_t field;
  uint32_t flags;
  uint32_t start;
  uint32_t end;
  int32_t parent;
  int32_t next;
} pq_raw_node;

static uint32_t pq_count(const TSTree *tree) {
  return ts_node_descendant_count(ts_tree_root_node(tree));
}

// pq_flatten writes the tree in preorder; next is the index just after a
// node's subtree. It returns the number of nodes written (at most cap).
static uint32_t pq_flatten(const TSTree *tree, pq_raw_node *out, uint32_t cap) {
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  uint32_t n = 0;
  int32_t parent = -1;
  while (n < cap) {
    TSNode node = ts_tree_cursor_current_node(&c);
    pq_raw_node *r = &out[n];
    r->symbol = ts_node_symbol(node);
    r->field = ts_tree_cursor_current_field_id(&c);
    r->flags = (ts_node_is_named(node) ? PQ_NAMED : 0) |
               (ts_node_is_missing(node) ? PQ_MISSING : 0) |
               (ts_node_is_extra(node) ? PQ_EXTRA : 0) |
               (ts_node_has_error(node) ? PQ_HAS_ERROR : 0);
    r->start = ts_node_start_byte(node);
    r->end = ts_node_end_byte(node);
    r->parent = parent;
    r->next = 0;
    int32_t self = (int32_t)n++;
    if (ts_tree_cursor_goto_first_child(&c)) {
      parent = self;
      continue;
    }
    out[self].next = (int32_t)n;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&c)) {
        break;
      }
      if (!ts_tree_cursor_goto_parent(&c) || parent < 0) {
        ts_tree_cursor_delete(&c);
        return n;
      }
      out[parent].next = (int32_t)n;
      parent = out[parent].parent;
    }
  }
  ts_tree_cursor_delete(&c);
  return n;
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

const (
	flagNamed    = C.PQ_NAMED
	flagMissing  = C.PQ_MISSING
	flagExtra    = C.PQ_EXTRA
	flagHasError = C.PQ_HAS_ERROR
)

// rawTree returns the C tree behind a go-tree-sitter tree. The field is
// unexported there; it is the first word of BaseTree, and
// TestRawTreeLayout guards that assumption against a dependency update.
func rawTree(t *sitter.Tree) *C.TSTree {
	return *(**C.TSTree)(unsafe.Pointer(t.BaseTree))
}

// flatten converts a tree into nodes, mapping tree-sitter symbols and field
// ids to the package's Kind and Field.
func flatten(t *sitter.Tree) []node {
	ct := rawTree(t)
	count := uint32(C.pq_count(ct))
	if count == 0 {
		return nil
	}
	raw := make([]C.pq_raw_node, count)
	n := uint32(C.pq_flatten(ct, &raw[0], C.uint32_t(count)))
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
	return nodes
}
