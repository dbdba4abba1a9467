// Package corpus reads the grammar's tree-sitter corpus (grammar/test/corpus)
// the way `tree-sitter test` (0.22) does: a header of `===` lines around the
// case name and optional attribute lines (`:error`, `:skip`), the input, the
// longest `---` line, then the expected S-expression. The grammar's own
// tests and the editor features' robustness tests read it through here.
package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// Case is one example of a corpus file.
type Case struct {
	File     string // the corpus file's base name
	Name     string
	Input    []byte
	Expected string // normalised S-expression; empty for :error cases
	HasField bool   // the expected tree names fields, so the actual one keeps them
	IsError  bool   // :error: the input only has to produce an ERROR or MISSING node
	Skip     bool   // :skip
}

var (
	// The same shapes as the CLI's header and divider expressions.
	corpusHeader  = regexp.MustCompile(`(?m)^(={3,})\r?\n((?:(?:[^=\r\n]|\s+:)[^\r\n]*\r?\n)+)={3,}\r?\n`)
	corpusDivider = regexp.MustCompile(`(?m)^-{3,}\r?\n`)
	sexpComment   = regexp.MustCompile(`(?m)^\s*;.*$`)
	whitespace    = regexp.MustCompile(`\s+`)
	sexpField     = regexp.MustCompile(` \w+: \(`)
)

// Dir returns the corpus folder, found from this package's source file so
// that tests of any package can read it.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "test", "corpus")
}

// Files returns the corpus files, sorted.
func Files() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(Dir(), "*.txt"))
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no corpus files in %s", Dir())
	}
	return files, err
}

// Load reads every case of every corpus file.
func Load() ([]Case, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	var all []Case
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cases, err := Parse(content)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for i := range cases {
			cases[i].File = filepath.Base(f)
		}
		all = append(all, cases...)
	}
	return all, nil
}

// StripFields drops `name: ` prefixes from an S-expression, as the CLI does
// when the expected tree names no fields.
func StripFields(sexp string) string {
	return sexpField.ReplaceAllString(sexp, " (")
}

// Parse splits the content of one corpus file into its cases.
func Parse(content []byte) ([]Case, error) {
	headers := corpusHeader.FindAllSubmatchIndex(content, -1)
	var cases []Case
	for i, h := range headers {
		bodyStart, bodyEnd := h[1], len(content)
		if i+1 < len(headers) {
			bodyEnd = headers[i+1][0]
		}
		body := content[bodyStart:bodyEnd]

		c := Case{}
		seenMarker := false
		for _, line := range strings.SplitAfter(string(content[h[4]:h[5]]), "\n") {
			trimmed := strings.TrimSpace(line)
			switch {
			case trimmed == ":skip":
				seenMarker, c.Skip = true, true
			case trimmed == ":error":
				seenMarker, c.IsError = true, true
			case strings.HasPrefix(trimmed, ":language(") || strings.HasPrefix(trimmed, ":platform(") || trimmed == ":fail-fast":
				seenMarker = true
			case !seenMarker:
				c.Name += line
			}
		}
		c.Name = strings.TrimRight(c.Name, " \t\r\n")

		// The longest divider line separates input from output, so the input
		// may itself contain shorter lines of dashes.
		divStart, divEnd := -1, -1
		for _, d := range corpusDivider.FindAllIndex(body, -1) {
			if divStart < 0 || d[1]-d[0] > divEnd-divStart {
				divStart, divEnd = d[0], d[1]
			}
		}
		if divStart < 0 {
			return nil, fmt.Errorf("case %q has no --- divider", c.Name)
		}
		input := bytes.Clone(body[:divStart])
		// The newline before the divider is not part of the input.
		if n := len(input); n > 0 {
			input = input[:n-1]
			if n := len(input); n > 0 && input[n-1] == '\r' {
				input = input[:n-1]
			}
		}
		c.Input = input

		out := sexpComment.ReplaceAllString(string(body[divEnd:]), "")
		out = whitespace.ReplaceAllString(strings.TrimSpace(out), " ")
		out = strings.ReplaceAll(out, " )", ")")
		c.Expected = out
		c.HasField = sexpField.MatchString(out)
		cases = append(cases, c)
	}
	return cases, nil
}

// CountHeaders counts case headers by scanning lines: a line of at least
// three `=`, then name lines, then another such line. A reader that
// silently found nothing would pass every test; compare with it.
func CountHeaders(content []byte) int {
	lines := strings.Split(strings.ReplaceAll(string(content), "\r\n", "\n"), "\n")
	isRule := func(s string) bool { return len(s) >= 3 && strings.Trim(s, "=") == "" }
	n := 0
	for i := 0; i < len(lines); i++ {
		if !isRule(lines[i]) {
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j] != "" && !isRule(lines[j]) {
			j++
		}
		if j > i+1 && j < len(lines) && isRule(lines[j]) {
			n++
			i = j
		}
	}
	return n
}
