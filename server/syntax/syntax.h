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
