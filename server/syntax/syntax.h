// Declarations shared by the package's C files (flatten.c, replay.c) and Go.

#ifndef PQCERT_SYNTAX_H_
#define PQCERT_SYNTAX_H_

#include <stdbool.h>
#include <stdint.h>

enum { PQ_NAMED = 1, PQ_MISSING = 2, PQ_EXTRA = 4, PQ_HAS_ERROR = 8 };

// The symbol tree-sitter gives an ERROR node.
#define PQ_ERROR_SYMBOL 0xFFFF

// pq_raw_node is one node of a flattened tree, in preorder.
typedef struct {
  uint16_t symbol;          // the public (aliased) symbol, as ts_node_symbol
  uint16_t grammar_symbol;  // the symbol the parse table knows, as ts_node_grammar_symbol
  uint16_t field;
  uint16_t flags;
  uint32_t start;
  uint32_t end;
  int32_t parent;
  int32_t next;  // index just after the node's subtree
} pq_raw_node;

struct TSTree;
struct TSParser;

// Parsers and trees, through tree-sitter's C API (linked from
// go-tree-sitter's runtime).
struct TSParser *pq_parser_new(void);
void pq_parser_delete(struct TSParser *p);
// pq_parse parses text[0:len] (Go memory, read only during the call),
// reusing old (edited to match) when it is not NULL.
struct TSTree *pq_parse(struct TSParser *p, const struct TSTree *old, const char *text, uint32_t len);
void pq_tree_delete(struct TSTree *t);
void pq_tree_edit(struct TSTree *t, uint32_t start, uint32_t old_end, uint32_t new_end,
                  uint32_t start_row, uint32_t start_col, uint32_t old_end_row, uint32_t old_end_col,
                  uint32_t new_end_row, uint32_t new_end_col);

uint32_t pq_count(const struct TSTree *tree);
uint32_t pq_flatten(const struct TSTree *tree, pq_raw_node *out, uint32_t cap);

// pq_region is what replaying the parse says about one error region (a
// top-level ERROR node).
typedef struct {
  int32_t node;          // index of the ERROR node
  int32_t fail;          // index of the token the parse cannot take, -1 for the end of input, -2 when unknown
  int32_t prev;          // index of the last token the parse took before it, -1 if none
  uint64_t expected[4];  // the terminal symbols valid instead, a bit set
} pq_region;

uint32_t pq_replay(const pq_raw_node *nodes, uint32_t count, pq_region *out, uint32_t cap);

#endif
