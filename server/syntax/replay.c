// This file replays a parse through the grammar's LR tables to find out,
// for each error region of a tree, which token the parser could not take
// and which tokens it would have taken instead. Messages such as "expected
// `then`" come from that set; see errors.go.
//
// The replay feeds the tree's tokens (leaves, comments left out, MISSING
// tokens included) to the parse automaton. A tree with its ERROR nodes
// removed is a valid parse of the remaining tokens, because tree-sitter
// resumes after an error in the state it had before the ERROR. So the
// replay, at each top-level ERROR node, saves its stacks, feeds the ERROR's
// tokens (and a few after it) until one fails, records the expected set,
// restores the stacks and carries on after the ERROR. Conflicts of the
// grammar (GLR) are followed by keeping several stacks.

#include <stdlib.h>
#include <string.h>

#include "syntax.h"
#include "tree_sitter/parser.h"

const TSLanguage *tree_sitter_powerquery(void);

enum {
  MAX_VERSIONS = 8,
  // Tokens after an ERROR node that the replay may still fail on: the
  // parser often skips a complete expression and fails on the next one.
  LOOKAHEAD = 4,
  MAX_REDUCTIONS = 10000,
};

typedef struct {
  TSStateId *s;
  uint32_t n, cap;
} stack;

typedef struct {
  stack v[MAX_VERSIONS];
  uint32_t count;
} versions;

static uint16_t lookup(const TSLanguage *l, TSStateId state, TSSymbol sym) {
  if (state >= l->large_state_count) {
    uint32_t index = l->small_parse_table_map[state - l->large_state_count];
    const uint16_t *data = &l->small_parse_table[index];
    uint16_t groups = *data++;
    for (unsigned i = 0; i < groups; i++) {
      uint16_t value = *data++;
      uint16_t count = *data++;
      for (unsigned j = 0; j < count; j++) {
        if (*data++ == sym) return value;
      }
    }
    return 0;
  }
  return l->parse_table[(uint32_t)state * l->symbol_count + sym];
}

static const TSParseAction *actions(const TSLanguage *l, TSStateId state, TSSymbol sym, uint32_t *count) {
  if (sym >= l->token_count) {
    *count = 0;
    return NULL;
  }
  const TSParseActionEntry *e = &l->parse_actions[lookup(l, state, sym)];
  *count = e->entry.count;
  return (const TSParseAction *)(e + 1);
}

static bool push(stack *s, TSStateId state) {
  if (s->n == s->cap) {
    uint32_t cap = s->cap ? 2 * s->cap : 64;
    TSStateId *p = realloc(s->s, cap * sizeof *p);
    if (!p) return false;
    s->s = p;
    s->cap = cap;
  }
  s->s[s->n++] = state;
  return true;
}

static bool copy(stack *dst, const stack *src) {
  dst->n = 0;
  for (uint32_t i = 0; i < src->n; i++) {
    if (!push(dst, src->s[i])) return false;
  }
  return true;
}

static void release(stack *s) {
  free(s->s);
  s->s = NULL;
  s->n = s->cap = 0;
}

static void release_all(versions *vs) {
  for (uint32_t i = 0; i < vs->count; i++) release(&vs->v[i]);
  vs->count = 0;
}

static bool copy_all(versions *dst, const versions *src) {
  release_all(dst);
  for (uint32_t i = 0; i < src->count; i++) {
    dst->v[i] = (stack){0};
    dst->count = i + 1;
    if (!copy(&dst->v[i], &src->v[i])) return false;
  }
  return true;
}

static bool same(const stack *a, const stack *b) {
  return a->n == b->n && memcmp(a->s, b->s, a->n * sizeof *a->s) == 0;
}

// step feeds one token to one stack: it follows reductions until the token
// is shifted (or accepted) and adds each resulting stack to out. It reports
// whether any stack took the token. s is consumed.
static bool step(const TSLanguage *l, stack s, TSSymbol sym, versions *out) {
  // Pending stacks that still have to take the token.
  stack work[MAX_VERSIONS];
  uint32_t nwork = 0, reductions = 0;
  bool took = false;
  work[nwork++] = s;
  while (nwork > 0) {
    stack cur = work[--nwork];
    if (cur.n == 0) {
      release(&cur);
      continue;
    }
    uint32_t count;
    const TSParseAction *acts = actions(l, cur.s[cur.n - 1], sym, &count);
    if (count == 0 || ++reductions > MAX_REDUCTIONS) {
      release(&cur);
      continue;
    }
    for (uint32_t i = 0; i < count; i++) {
      stack w = {0};
      if (i + 1 == count) {
        w = cur;
      } else if (!copy(&w, &cur)) {
        release(&w);
        continue;
      }
      TSParseAction a = acts[i];
      switch (a.type) {
        case TSParseActionTypeShift:
          if (!a.shift.extra && !push(&w, a.shift.state)) {
            release(&w);
            break;
          }
          // fallthrough
        case TSParseActionTypeAccept: {
          bool dup = false;
          for (uint32_t j = 0; j < out->count; j++) {
            if (same(&out->v[j], &w)) dup = true;
          }
          if (dup || out->count == MAX_VERSIONS) {
            release(&w);
          } else {
            out->v[out->count++] = w;
          }
          took = true;
          break;
        }
        case TSParseActionTypeReduce: {
          uint32_t pop = a.reduce.child_count;
          if (pop >= w.n) {
            release(&w);
            break;
          }
          w.n -= pop;
          TSStateId next = lookup(l, w.s[w.n - 1], a.reduce.symbol);
          if (next == 0 || !push(&w, next) || nwork == MAX_VERSIONS) {
            release(&w);
            break;
          }
          work[nwork++] = w;
          break;
        }
        default:
          release(&w);
      }
    }
  }
  return took;
}

// can_take reports whether stack s takes sym, following reductions (and
// every action where the grammar has a conflict) without changing s: the
// states pushed by reductions go to a small overlay above s's remaining
// prefix.
static bool can_take_from(const TSLanguage *l, const stack *s, uint32_t base, const TSStateId *overlay,
                          uint32_t depth, TSSymbol sym, uint32_t budget) {
  TSStateId over[64];
  memcpy(over, overlay, depth * sizeof *over);
  for (;;) {
    if (budget-- == 0) return false;
    TSStateId top = depth > 0 ? over[depth - 1] : (base > 0 ? s->s[base - 1] : 0);
    if (base == 0 && depth == 0) return false;
    uint32_t count;
    const TSParseAction *acts = actions(l, top, sym, &count);
    if (count == 0) return false;
    // Follow the last action here and the others by recursion.
    for (uint32_t i = 0; i + 1 < count; i++) {
      if (acts[i].type == TSParseActionTypeShift || acts[i].type == TSParseActionTypeAccept) return true;
      if (acts[i].type == TSParseActionTypeReduce) {
        uint32_t pop = acts[i].reduce.child_count;
        uint32_t d = depth, b = base;
        if (pop <= d) {
          d -= pop;
        } else {
          if (pop - d >= b) continue;
          b -= pop - d;
          d = 0;
        }
        TSStateId below = d > 0 ? over[d - 1] : s->s[b - 1];
        TSStateId next = lookup(l, below, acts[i].reduce.symbol);
        if (next == 0 || d == 64) continue;
        TSStateId o2[64];
        memcpy(o2, over, d * sizeof *o2);
        o2[d] = next;
        if (can_take_from(l, s, b, o2, d + 1, sym, budget)) return true;
      }
    }
    TSParseAction a = acts[count - 1];
    if (a.type == TSParseActionTypeShift || a.type == TSParseActionTypeAccept) return true;
    if (a.type != TSParseActionTypeReduce) return false;
    uint32_t pop = a.reduce.child_count;
    if (pop <= depth) {
      depth -= pop;
    } else {
      if (pop - depth >= base) return false;
      base -= pop - depth;
      depth = 0;
    }
    TSStateId below = depth > 0 ? over[depth - 1] : s->s[base - 1];
    TSStateId next = lookup(l, below, a.reduce.symbol);
    if (next == 0 || depth == 64) return false;
    over[depth++] = next;
  }
}

static bool can_take(const TSLanguage *l, const stack *s, TSSymbol sym) {
  return can_take_from(l, s, s->n, NULL, 0, sym, MAX_REDUCTIONS);
}

// advance feeds a token to every stack, dropping the stacks that cannot
// take it. When none can, it leaves vs unchanged and returns false.
static bool advance(const TSLanguage *l, versions *vs, TSSymbol sym) {
  bool any = false;
  bool takes[MAX_VERSIONS];
  for (uint32_t i = 0; i < vs->count; i++) {
    takes[i] = can_take(l, &vs->v[i], sym);
    any = any || takes[i];
  }
  if (!any) return false;
  versions out = {.count = 0};
  for (uint32_t i = 0; i < vs->count; i++) {
    if (takes[i]) {
      step(l, vs->v[i], sym, &out);  // step takes the stack
    } else {
      release(&vs->v[i]);
    }
  }
  *vs = out;
  return out.count > 0;
}

// expected sets the bits of every terminal that some stack can take.
static void expected(const TSLanguage *l, const versions *vs, uint64_t bits[4]) {
  memset(bits, 0, 4 * sizeof bits[0]);
  uint32_t tokens = l->token_count < 256 ? l->token_count : 256;
  for (uint32_t sym = 0; sym < tokens; sym++) {
    for (uint32_t i = 0; i < vs->count; i++) {
      if (can_take(l, &vs->v[i], (TSSymbol)sym)) {
        bits[sym / 64] |= (uint64_t)1 << (sym % 64);
        break;
      }
    }
  }
}

// is_token reports whether node i is a token the parser consumed: a leaf
// that is not a comment. Error tokens count; tree-sitter marks them extra.
static bool is_token(const pq_raw_node *nodes, uint32_t i) {
  return nodes[i].next == (int32_t)i + 1 &&
         (!(nodes[i].flags & PQ_EXTRA) || nodes[i].symbol == PQ_ERROR_SYMBOL);
}

// next_token returns the index of the first token at or after i, or count.
static uint32_t next_token(const pq_raw_node *nodes, uint32_t count, uint32_t i) {
  while (i < count && !is_token(nodes, i)) i++;
  return i;
}

// pq_replay writes one pq_region per top-level ERROR node of nodes (at
// most cap) and returns how many it wrote.
uint32_t pq_replay(const pq_raw_node *nodes, uint32_t count, pq_region *out, uint32_t cap) {
  const TSLanguage *l = tree_sitter_powerquery();
  versions vs = {.count = 1};
  versions saved = {.count = 0};
  vs.v[0] = (stack){0};
  bool lost = !push(&vs.v[0], 1);
  int32_t last = -1;  // the last token taken
  uint32_t nregions = 0;
  uint32_t i = 0;
  while (i < count && nregions < cap) {
    const pq_raw_node *r = &nodes[i];
    if (r->symbol == PQ_ERROR_SYMBOL) {
      pq_region *reg = &out[nregions++];
      reg->node = (int32_t)i;
      reg->fail = -2;
      reg->prev = last;
      memset(reg->expected, 0, sizeof reg->expected);
      uint32_t end = (uint32_t)r->next;
      if (!lost && copy_all(&saved, &vs)) {
        // Feed the region's tokens, then a few after it, until one fails.
        uint32_t after = 0;
        int32_t prev = last;
        for (uint32_t k = next_token(nodes, count, i);; k = next_token(nodes, count, k + 1)) {
          if (k >= end && after++ == LOOKAHEAD) break;
          TSSymbol sym = k < count ? nodes[k].grammar_symbol : ts_builtin_sym_end;
          if (!advance(l, &vs, sym)) {
            reg->fail = k < count ? (int32_t)k : -1;
            reg->prev = prev;
            expected(l, &vs, reg->expected);
            break;
          }
          if (k >= count) break;
          prev = (int32_t)k;
        }
        copy_all(&vs, &saved);
      }
      i = end;
      continue;
    }
    if (!lost && is_token(nodes, i)) {
      if (advance(l, &vs, r->grammar_symbol)) {
        last = (int32_t)i;
      } else {
        // The tree disagrees with the replay (a hidden token, or more
        // conflicting stacks than kept); later regions stay unknown.
        lost = true;
      }
    }
    i++;
  }
  release_all(&vs);
  release_all(&saved);
  return nregions;
}
