package ide

// This file walks tokens (leaves of the syntax tree) backwards from a
// position. While the user types, the tree around the cursor is often an
// ERROR, but its tokens are still right, so completion and signature help
// read the brackets around the cursor from the tokens.

import (
	"sort"

	"github.com/pqcert/pqcert/server/syntax"
)

// isLeaf reports whether n has no children.
func isLeaf(n syntax.Node) bool { return !n.IsNull() && n.SubtreeEnd() == n.Index()+1 }

// leafBefore returns the last leaf that starts before off, or null.
func leafBefore(f *syntax.File, off int) syntax.Node {
	count := f.NodeCount()
	j := sort.Search(count, func(i int) bool { return f.Node(i).Start() >= off })
	for i := j - 1; i >= 0; i-- {
		if n := f.Node(i); isLeaf(n) {
			return n
		}
	}
	return syntax.Node{}
}

// prevLeaf returns the leaf before leaf n in document order, or null.
func prevLeaf(n syntax.Node) syntax.Node {
	f := n.File()
	for i := n.Index() - 1; i >= 0; i-- {
		if c := f.Node(i); isLeaf(c) {
			return c
		}
	}
	return syntax.Node{}
}

// significant reports whether a leaf is a real token: no comment, no
// zero-width node inserted by error recovery.
func significant(n syntax.Node) bool {
	return !n.IsExtra() && n.Kind() != syntax.KindComment && n.End() > n.Start()
}

// prevToken returns the significant leaf before leaf n, or null.
func prevToken(n syntax.Node) syntax.Node {
	for n = prevLeaf(n); !n.IsNull() && !significant(n); n = prevLeaf(n) {
	}
	return n
}

// tokenBefore returns the last significant leaf that ends at or before off.
func tokenBefore(f *syntax.File, off int) syntax.Node {
	n := leafBefore(f, off)
	for !n.IsNull() && (!significant(n) || n.End() > off) {
		n = prevLeaf(n)
	}
	return n
}

// bracket is an open bracket that encloses a position.
type bracket struct {
	open syntax.Node // the `(`, `[` or `{` token
	// commas counts the commas between open and the position at the
	// bracket's own depth: the index of the item the position is in.
	commas int
}

// maxScan bounds the tokens walked backwards (a module without `;`).
const maxScan = 50000

// enclosing returns the unclosed brackets before off, innermost first. It
// stops at a `;` outside all brackets: section members end there.
func enclosing(f *syntax.File, off int) []bracket {
	var out []bracket
	depth, commas := 0, 0
	n := tokenBefore(f, off)
	for i := 0; !n.IsNull() && i < maxScan; i++ {
		if significant(n) {
			switch n.Kind() {
			case syntax.KindTokRParen, syntax.KindTokRBracket, syntax.KindTokRBrace:
				depth++
			case syntax.KindTokLParen, syntax.KindTokLBracket, syntax.KindTokLBrace:
				if depth > 0 {
					depth--
				} else {
					out = append(out, bracket{open: n, commas: commas})
					commas = 0
				}
			case syntax.KindTokComma:
				if depth == 0 {
					commas++
				}
			case syntax.KindTokSemicolon, syntax.KindKwSection:
				if depth == 0 {
					return out
				}
			}
		}
		n = prevLeaf(n)
	}
	return out
}

// isExprEnd reports whether a token can end an expression, so that a `[`
// or `(` after it accesses a field or calls.
func isExprEnd(n syntax.Node) bool {
	switch n.Kind() {
	case syntax.KindIdentifier, syntax.KindQuotedIdentifier, syntax.KindTokRParen, syntax.KindTokRBracket,
		syntax.KindTokRBrace, syntax.KindTokQuestion, syntax.KindTextLiteral, syntax.KindNumberLiteral:
		return true
	}
	return false
}

// matchingOpen returns the `(` that a `)` token closes, scanning tokens
// backwards, or null.
func matchingOpen(closing syntax.Node) syntax.Node {
	depth := 0
	for n, i := prevLeaf(closing), 0; !n.IsNull() && i < maxScan; n, i = prevLeaf(n), i+1 {
		switch n.Kind() {
		case syntax.KindTokRParen, syntax.KindTokRBracket, syntax.KindTokRBrace:
			depth++
		case syntax.KindTokLParen, syntax.KindTokLBracket, syntax.KindTokLBrace:
			if depth == 0 {
				return n
			}
			depth--
		}
	}
	return syntax.Node{}
}
