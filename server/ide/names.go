package ide

// This file checks what a user may type as a new name (scope.Identifier
// writes names back as M source).

import (
	"fmt"
	"strings"
	"unicode"
)

// parseNewName reads a name a user typed for a rename: a plain name, or a
// quoted identifier `#"…"`. It returns the name (unquoted) or an error
// saying why it cannot be an M identifier.
func parseNewName(input string) (string, error) {
	s := strings.TrimSpace(input)
	if strings.HasPrefix(s, `#"`) {
		if len(s) < 3 || !strings.HasSuffix(s, `"`) {
			return "", fmt.Errorf("%q is not a quoted identifier: it must end with \"", input)
		}
		inner := s[2 : len(s)-1]
		if strings.Count(strings.ReplaceAll(inner, `""`, ""), `"`) > 0 {
			return "", fmt.Errorf("%q is not a quoted identifier: a \" inside must be doubled", input)
		}
		s = strings.ReplaceAll(inner, `""`, `"`)
	}
	if s == "" {
		return "", fmt.Errorf("a name cannot be empty")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", fmt.Errorf("%q is not a valid M identifier: it holds a control character or line break", input)
		}
	}
	return s, nil
}
