// This file walks a tree-sitter tree into a flat preorder array in one call
// from Go; see flatten.go.

#include "syntax.h"

// The parts of tree-sitter's api.h (ABI 14, as bundled with go-tree-sitter)
// that the walk needs; the functions are linked from go-tree-sitter's runtime.
typedef struct TSTree TSTree;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;
TSNode ts_tree_root_node(const TSTree *self);
uint32_t ts_node_descendant_count(TSNode self);
uint16_t ts_node_symbol(TSNode self);
uint16_t ts_node_grammar_symbol(TSNode self);
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

typedef struct TSParser TSParser;
typedef struct TSLanguage TSLanguage;
typedef struct { uint32_t row; uint32_t column; } TSPoint;
typedef struct {
  uint32_t start_byte, old_end_byte, new_end_byte;
  TSPoint start_point, old_end_point, new_end_point;
} TSInputEdit;
TSParser *ts_parser_new(void);
void ts_parser_delete(TSParser *self);
bool ts_parser_set_language(TSParser *self, const TSLanguage *language);
TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
void ts_tree_delete(TSTree *self);
void ts_tree_edit(TSTree *self, const TSInputEdit *edit);
const TSLanguage *tree_sitter_powerquery(void);

TSParser *pq_parser_new(void) {
  TSParser *p = ts_parser_new();
  ts_parser_set_language(p, tree_sitter_powerquery());
  return p;
}

void pq_parser_delete(TSParser *p) { ts_parser_delete(p); }

TSTree *pq_parse(TSParser *p, const TSTree *old, const char *text, uint32_t len) {
  return ts_parser_parse_string(p, old, text, len);
}

void pq_tree_delete(TSTree *t) { ts_tree_delete(t); }

void pq_tree_edit(TSTree *t, uint32_t start, uint32_t old_end, uint32_t new_end,
                  uint32_t start_row, uint32_t start_col, uint32_t old_end_row, uint32_t old_end_col,
                  uint32_t new_end_row, uint32_t new_end_col) {
  TSInputEdit e = {
    start, old_end, new_end,
    {start_row, start_col}, {old_end_row, old_end_col}, {new_end_row, new_end_col},
  };
  ts_tree_edit(t, &e);
}

uint32_t pq_count(const TSTree *tree) {
  return ts_node_descendant_count(ts_tree_root_node(tree));
}

// pq_flatten writes the tree in preorder; next is the index just after a
// node's subtree. It returns the number of nodes written (at most cap).
uint32_t pq_flatten(const TSTree *tree, pq_raw_node *out, uint32_t cap) {
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  uint32_t n = 0;
  int32_t parent = -1;
  while (n < cap) {
    TSNode node = ts_tree_cursor_current_node(&c);
    pq_raw_node *r = &out[n];
    r->symbol = ts_node_symbol(node);
    r->grammar_symbol = ts_node_grammar_symbol(node);
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
