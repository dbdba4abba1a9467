// This file defines the GitHub Actions rendering: workflow commands that
// annotate the changed lines of a pull request.

package check

import (
	"fmt"
	"io"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

// WriteGitHub renders each finding as a GitHub Actions workflow command,
// `::error file=…,line=…,col=…,title=PQCnnn::message` (warning for
// warnings, notice for information and hints), with 1-based lines and
// columns and paths relative to the working directory.
func WriteGitHub(w io.Writer, res *Result) error {
	var b strings.Builder
	for _, f := range res.Findings {
		line, col := res.Position(f.File, f.Span.Start)
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", githubLevel(f.Severity),
			escapeProperty(res.Rel(f.File)), line, col, escapeProperty(f.Rule.Code), escapeData(f.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a command's message as the runner reads it back.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a command property's value, which also cannot
// hold the separators `:` and `,`.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
