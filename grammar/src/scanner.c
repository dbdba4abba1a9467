// External scanner for Power Query M: generalized identifiers (field names)
// and the `optional` modifier in front of them.
//
// A generalized identifier is one or more words of identifier-part characters
// (words may contain single dots) separated by U+0020 blanks: `Field Name`,
// `1st Quarter`, `if then`. Leading and trailing blanks are not part of it,
// and a tab, line break or comment ends it. The scanner keeps no state.

#include "tree_sitter/parser.h"
#include "unicode.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  GENERALIZED_IDENTIFIER,
  OPTIONAL,
  UNTERMINATED_LITERAL,
  ERROR_SENTINEL,
};

static bool is_part(int32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
  }
  int lo = 0;
  int hi = (int)(sizeof(identifier_part_ranges) / sizeof(identifier_part_ranges[0])) - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    if (c < identifier_part_ranges[mid][0]) {
      hi = mid - 1;
    } else if (c > identifier_part_ranges[mid][1]) {
      lo = mid + 1;
    } else {
      return true;
    }
  }
  return false;
}

// The whitespace of the grammar's extras.
static bool is_space(int32_t c) {
  switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

void *tree_sitter_powerquery_external_scanner_create(void) { return NULL; }

void tree_sitter_powerquery_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_powerquery_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_powerquery_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

// scan_unterminated_literal recognises `"`, `#"` or `#!"` that no closing
// quote follows before the end of input (`""` is an escaped quote). The token
// ends at the end of the line it starts on, so that recovery resumes on the
// next line. Properly closed literals are left to the internal lexer.
static bool scan_unterminated_literal(TSLexer *lexer) {
  while (!lexer->eof(lexer) && is_space(lexer->lookahead)) {
    lexer->advance(lexer, true);
  }
  if (lexer->lookahead == '#') {
    lexer->advance(lexer, false);
    if (lexer->lookahead == '!') {
      lexer->advance(lexer, false);
    }
    if (lexer->lookahead != '"') {
      return false;
    }
  } else if (lexer->lookahead != '"') {
    return false;
  }
  lexer->advance(lexer, false);
  bool in_first_line = true;
  for (;;) {
    if (lexer->eof(lexer)) {
      if (in_first_line) {
        lexer->mark_end(lexer);
      }
      lexer->result_symbol = UNTERMINATED_LITERAL;
      return true;
    }
    int32_t c = lexer->lookahead;
    if (in_first_line && (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85)) {
      lexer->mark_end(lexer);
      in_first_line = false;
    }
    lexer->advance(lexer, false);
    if (c == '"') {
      if (lexer->lookahead != '"') {
        return false;
      }
      lexer->advance(lexer, false);
    }
  }
}

bool tree_sitter_powerquery_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  // During error recovery every symbol is valid. Only an unterminated
  // literal is this scanner's business then; the internal lexer does the rest.
  if (valid_symbols[ERROR_SENTINEL]) {
    return scan_unterminated_literal(lexer);
  }
  bool want_name = valid_symbols[GENERALIZED_IDENTIFIER];
  bool want_optional = valid_symbols[OPTIONAL];
  if (!want_name && !want_optional) {
    return false;
  }

  while (!lexer->eof(lexer) && is_space(lexer->lookahead)) {
    lexer->advance(lexer, true);
  }
  if (lexer->eof(lexer) || !is_part(lexer->lookahead)) {
    return false;
  }

  // The first word, compared with "optional" as it goes.
  static const char keyword[] = "optional";
  unsigned matched = 0;
  bool is_keyword = true;
  bool first_word = true;
  for (;;) {
    // One word: part characters and single dots between them.
    for (;;) {
      while (!lexer->eof(lexer) && is_part(lexer->lookahead)) {
        if (first_word && is_keyword) {
          if (matched < sizeof(keyword) - 1 && lexer->lookahead == keyword[matched]) {
            matched++;
          } else {
            is_keyword = false;
          }
        }
        lexer->advance(lexer, false);
      }
      lexer->mark_end(lexer);
      if (lexer->lookahead != '.') {
        break;
      }
      lexer->advance(lexer, false);
      if (lexer->eof(lexer) || !is_part(lexer->lookahead)) {
        // `a..b` or a trailing dot: the name ends before the dot.
        goto done;
      }
      if (first_word) {
        is_keyword = false;
      }
    }
    if (first_word) {
      is_keyword = is_keyword && matched == sizeof(keyword) - 1;
      first_word = false;
      if (is_keyword && want_optional &&
          (is_space(lexer->lookahead) || lexer->lookahead == '#' || lexer->lookahead == '/')) {
        // `optional` then a name: the modifier, which ends at the end already
        // marked. The name may be quoted (`#"a"`) and a comment may come
        // first (`optional/*c*/a`), as in Microsoft's parser; `#` and `/`
        // can start nothing else that is valid here.
        while (!lexer->eof(lexer) && is_space(lexer->lookahead)) {
          lexer->advance(lexer, false);
        }
        if (!lexer->eof(lexer) &&
            (is_part(lexer->lookahead) || lexer->lookahead == '#' || lexer->lookahead == '/')) {
          lexer->result_symbol = OPTIONAL;
          return true;
        }
        break;
      }
    }
    if (lexer->lookahead != ' ') {
      break;
    }
    while (lexer->lookahead == ' ') {
      lexer->advance(lexer, false);
    }
    if (lexer->eof(lexer) || !is_part(lexer->lookahead)) {
      break;
    }
  }

done:
  if (!want_name) {
    return false;
  }
  lexer->result_symbol = GENERALIZED_IDENTIFIER;
  return true;
}
