package check

import (
	"fmt"
	"io"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

// TextOptions configure the text rendering.
type TextOptions struct {
	// Color uses ANSI colours (only on a terminal).
	Color bool
}

var severityColor = map[rules.Severity]string{
	rules.Error: "\x1b[31m", rules.Warning: "\x1b[33m", rules.Information: "\x1b[36m", rules.Hint: "\x1b[2m",
}

// WriteText renders findings as `path:line:column: severity PQCnnn message`
// (1-based, columns in UTF-16 code units), grouped per file, each followed
// by its related locations and fixes, then a summary line. Input errors
// (res.Errors) are not written: callers report them on standard error.
func WriteText(w io.Writer, res *Result, opts TextOptions) error {
	var b strings.Builder
	files := res.FilesWithFindings()
	for i, path := range files {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, f := range res.Findings {
			if f.File != path {
				continue
			}
			line, col := res.Position(f.File, f.Span.Start)
			sev := f.Severity.String()
			if opts.Color {
				sev = severityColor[f.Severity] + sev + "\x1b[0m"
			}
			fmt.Fprintf(&b, "%s:%d:%d: %s %s %s\n", res.Rel(f.File), line, col, sev, f.Rule.Code, f.Message)
			for _, r := range f.Related {
				rl, rc := res.Position(r.File, r.Span.Start)
				fmt.Fprintf(&b, "    %s:%d:%d: %s\n", res.Rel(r.File), rl, rc, r.Message)
			}
			for _, fx := range f.Fixes {
				kind := "fix"
				if fx.Safety == rules.Unsafe {
					kind = "suggestion"
				}
				fmt.Fprintf(&b, "    %s: %s\n", kind, fx.Title)
			}
		}
	}
	if len(files) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(Summary(res))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary is the one-line count of connectors, files and findings.
func Summary(res *Result) string {
	c := res.Count()
	files := 0
	for _, conn := range res.Connectors {
		files += len(conn.Files())
	}
	return fmt.Sprintf("%d connector%s, %d file%s: %d error%s, %d warning%s, %d information, %d hint%s",
		len(res.Connectors), s(len(res.Connectors)), files, s(files),
		c[rules.Error], s(c[rules.Error]), c[rules.Warning], s(c[rules.Warning]),
		c[rules.Information], c[rules.Hint], s(c[rules.Hint]))
}

func s(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
