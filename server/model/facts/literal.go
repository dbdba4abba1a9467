package facts

// This file writes text values as M source, the inverse of [TextValue]:
// editor features and rule fixes that insert a text write it here.

import (
	"fmt"
	"strings"
)

// TextLiteral writes s as an M text literal that [TextValue] reads back as
// s: `"` doubled, `#(` (which would open an escape) written `#(#)(`, line
// breaks and tabs as `#(cr)`, `#(lf)` and `#(tab)`, and the other control
// characters as `#(hhhh)`.
func TextLiteral(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`""`)
		case r == '#' && strings.HasPrefix(s[i+1:], "("):
			b.WriteString("#(#)")
		case r == '\r':
			b.WriteString("#(cr)")
		case r == '\n':
			b.WriteString("#(lf)")
		case r == '\t':
			b.WriteString("#(tab)")
		case r < 0x20:
			fmt.Fprintf(&b, "#(%04X)", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
