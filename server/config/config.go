// Package config reads pqcert's per-project settings file, .pqcert.json.
//
// The file is a JSON object:
//
//	{
//	  "rules": {"PQC203": "off", "PQC401": "warning"},
//	  "knownIdentifiers": ["OtherConnector.Contents"],
//	  "initialRelease": true,
//	  "targetRelease": "2027-04"
//	}
//
// Rule codes may also stand at the top level ({"PQC203": "off"}), because
// users write it that way. Codes and severity words are read in any letter
// case; codes are stored in upper case. Call [Find] to locate the file for a connector
// folder, [Load] or [Parse] to read it and [Config.Merge] to lay editor
// settings over it.
//
// Invalid JSON is an error (a [*SyntaxError] with line and column); a
// well-formed file with unknown keys, bad severity words or a bad month still
// loads, and each such mistake becomes a [Problem] with its position. The
// package checks only the shape of rule codes (PQC and three digits): which
// codes exist is the rule engine's business.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// FileName is the name of the settings file [Find] looks for.
const FileName = ".pqcert.json"

// Severity is the level a rule reports at, or [Off].
type Severity int

// Severities from quietest to loudest, so they compare with < and >.
const (
	Off Severity = iota
	Hint
	Information
	Warning
	Error
)

var severityNames = [...]string{Off: "off", Hint: "hint", Information: "information", Warning: "warning", Error: "error"}

// String returns the severity's word as the file spells it, e.g. "warning".
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity word: error, warning, information (or info),
// hint or off, in any letter case.
func ParseSeverity(word string) (Severity, bool) {
	switch strings.ToLower(word) {
	case "off":
		return Off, true
	case "hint":
		return Hint, true
	case "information", "info":
		return Information, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return 0, false
}

// Config is the content of one settings file, or of several merged.
type Config struct {
	// Rules maps a rule code such as "PQC203" to the severity the user chose.
	// Codes not in the map keep their default severity.
	Rules map[string]Severity
	// KnownIdentifiers are extra global names the connector may use
	// (functions of other connectors, for example), without duplicates.
	KnownIdentifiers []string
	// InitialRelease is nil when the file does not say.
	InitialRelease *bool
	// TargetRelease is the release month, "YYYY-MM", or "" when unset.
	TargetRelease string
	// Path is the file the settings came from; "" for defaults.
	Path string
	// Problems lists the file's semantic mistakes, in file order.
	Problems []Problem
}

// Problem is one mistake in a well-formed settings file. The setting it
// concerns is ignored; the rest of the file still applies.
type Problem struct {
	Path   string // file the problem is in
	Offset int    // byte offset of the offending key or value in the file's text
	Line   int    // 1-based
	Column int    // 1-based, counted in characters (runes)
	Msg    string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Column, p.Msg)
}

// SyntaxError reports a settings file that is not valid JSON.
type SyntaxError struct {
	Path   string
	Offset int // byte offset of the offending character
	Line   int // 1-based
	Column int // 1-based, counted in characters (runes)
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
}

// Default returns the settings in force when there is no file: every rule
// at its default severity, nothing else set.
func Default() *Config {
	return &Config{Rules: map[string]Severity{}}
}

// Find looks for .pqcert.json in dir and then in each parent folder, and
// returns the path of the nearest one. ok is false when there is none.
func Find(dir string) (path string, ok bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		candidate := filepath.Join(dir, FileName)
		if info, err := os.Stat(candidate); err == nil && info.Mode().IsRegular() {
			return candidate, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Load reads and parses the settings file at path. The error reports an
// unreadable file or invalid JSON (a [*SyntaxError]); mistakes in a
// well-formed file are in the result's Problems.
func Load(path string) (*Config, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	return Parse(text, path)
}

// Parse reads settings from the text of a file; path names the file in
// problems and errors. A leading UTF-8 byte order mark is skipped (offsets
// still count it). The error is non-nil only for invalid JSON, and then the
// Config is nil.
func Parse(text []byte, path string) (*Config, error) {
	p := &parser{text: text, lines: lineIndex{text: text}, path: path, cfg: Default()}
	p.cfg.Path = path
	start := 0
	if bytes.HasPrefix(text, []byte("\uFEFF")) {
		start = 3
	}
	if err := p.checkSyntax(start); err != nil {
		return nil, err
	}
	p.dec = json.NewDecoder(bytes.NewReader(text[start:]))
	p.base = start
	p.dec.UseNumber()
	p.top()
	return p.cfg, nil
}

// Merge returns the settings of c with over laid on top: a rule severity,
// initialRelease or targetRelease set in over wins; known identifiers are
// the union of both lists. Either may be nil. Path is c's (over's when c is
// nil), and Problems holds both lists. Neither input is modified.
func (c *Config) Merge(over *Config) *Config {
	out := Default()
	for _, src := range []*Config{c, over} {
		if src == nil {
			continue
		}
		if out.Path == "" {
			out.Path = src.Path
		}
		for code, sev := range src.Rules {
			out.Rules[code] = sev
		}
		for _, id := range src.KnownIdentifiers {
			if !slices.Contains(out.KnownIdentifiers, id) {
				out.KnownIdentifiers = append(out.KnownIdentifiers, id)
			}
		}
		if src.InitialRelease != nil {
			v := *src.InitialRelease
			out.InitialRelease = &v
		}
		if src.TargetRelease != "" {
			out.TargetRelease = src.TargetRelease
		}
		out.Problems = append(out.Problems, src.Problems...)
	}
	return out
}

// Severity returns the severity configured for code, or def when the
// settings do not mention it. A nil Config mentions nothing.
func (c *Config) Severity(code string, def Severity) Severity {
	if c == nil {
		return def
	}
	if s, ok := c.Rules[code]; ok {
		return s
	}
	return def
}

// -- parsing --

type parser struct {
	text  []byte
	lines lineIndex
	path  string
	base  int // bytes before the decoder's input (a BOM)
	dec   *json.Decoder
	cfg   *Config
	// where each rule code was set, to report a second setting
	ruleSetAt map[string]int
}

// checkSyntax validates the whole text first, so that the token walk that
// follows never meets a syntax error and positions come from one place.
func (p *parser) checkSyntax(start int) error {
	body := p.text[start:]
	if len(bytes.TrimSpace(body)) == 0 {
		return p.syntaxError(len(p.text), "file is empty: want a JSON object such as {\"rules\": {}}")
	}
	var v any
	err := json.Unmarshal(body, &v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return p.syntaxError(start, "invalid JSON: "+err.Error())
	}
	// encoding/json has no error value for truncated input, only this text.
	if strings.Contains(se.Error(), "unexpected end of JSON input") {
		return p.syntaxError(len(p.text), "unexpected end of file: the JSON is incomplete")
	}
	off := min(start+int(se.Offset), len(p.text))
	if off > start {
		off-- // Offset counts the offending byte
	}
	msg := "invalid JSON: " + se.Error()
	switch c := p.text[off]; {
	case c == '/' && off+1 < len(p.text) && (p.text[off+1] == '/' || p.text[off+1] == '*'):
		msg = "JSON does not allow comments; remove them"
	case c == '}' || c == ']':
		if prev := lastNonSpace(p.text[:off]); prev == ',' {
			msg = "JSON does not allow a comma before " + string(c)
		}
	case c == '\'':
		msg = "JSON strings use double quotes, not single quotes"
	}
	return p.syntaxError(off, msg)
}

func lastNonSpace(b []byte) byte {
	b = bytes.TrimRight(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[len(b)-1]
}

func (p *parser) syntaxError(off int, msg string) *SyntaxError {
	line, col := p.lines.lineCol(off)
	return &SyntaxError{Path: p.path, Offset: off, Line: line, Column: col, Msg: msg}
}

func (p *parser) problem(off int, format string, args ...any) {
	line, col := p.lines.lineCol(off)
	p.cfg.Problems = append(p.cfg.Problems, Problem{
		Path: p.path, Offset: off, Line: line, Column: col, Msg: fmt.Sprintf(format, args...),
	})
}

// next returns the next token and the byte offset where it starts. The text
// was validated, so an error here means a bug or a JSON nesting too deep for
// the decoder; either way the walk stops.
func (p *parser) next() (json.Token, int, bool) {
	off := p.base + int(p.dec.InputOffset())
	tok, err := p.dec.Token()
	if err != nil {
		if err != io.EOF {
			p.problem(off, "cannot read settings: %v", err)
		}
		return nil, off, false
	}
	// InputOffset stops after the previous token; the separators ',' and ':'
	// and white space lie between it and this one.
	for off < len(p.text) && strings.IndexByte(" \t\r\n,:", p.text[off]) >= 0 {
		off++
	}
	return tok, off, true
}

// skip consumes the rest of a value whose first token was tok.
func (p *parser) skip(tok json.Token) bool {
	if d, ok := tok.(json.Delim); !ok || (d != '{' && d != '[') {
		return true
	}
	for depth := 1; depth > 0; {
		t, _, ok := p.next()
		if !ok {
			return false
		}
		if d, isDelim := t.(json.Delim); isDelim {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return true
}

var topKeys = []string{"rules", "knownIdentifiers", "initialRelease", "targetRelease", "$schema"}

func (p *parser) top() {
	tok, off, ok := p.next()
	if !ok {
		return
	}
	if tok != json.Delim('{') {
		p.problem(off, "settings must be a JSON object, not %s", describe(tok))
		return
	}
	seen := map[string]bool{}
	for {
		tok, keyOff, ok := p.next()
		if !ok || tok == json.Delim('}') {
			return
		}
		key, _ := tok.(string)
		val, valOff, ok := p.next()
		if !ok {
			return
		}
		if seen[key] && !isRuleCodeLike(key) {
			p.problem(keyOff, "key %q appears twice; keep only one", key)
		}
		seen[key] = true
		switch key {
		case "rules":
			ok = p.rules(val, valOff)
		case "knownIdentifiers":
			ok = p.knownIdentifiers(val, valOff)
		case "initialRelease":
			if b, isBool := val.(bool); isBool {
				p.cfg.InitialRelease = &b
			} else if val != nil { // null means "not set"
				p.problem(valOff, "initialRelease must be true or false, not %s", describe(val))
				ok = p.skip(val)
			}
		case "targetRelease":
			p.targetRelease(val, valOff)
			ok = p.skip(val)
		case "$schema":
			ok = p.skip(val)
		default:
			if isRuleCodeLike(key) {
				p.rule(key, keyOff, val, valOff)
			} else {
				p.problem(keyOff, "unknown key %q%s", key, suggest(key))
			}
			ok = p.skip(val)
		}
		if !ok {
			return
		}
	}
}

// suggest returns a hint naming the known key that key most likely meant.
func suggest(key string) string {
	for _, k := range topKeys {
		if strings.EqualFold(k, key) {
			return fmt.Sprintf("; did you mean %q?", k)
		}
	}
	if strings.EqualFold(key, "knownIdentifier") || strings.EqualFold(key, "identifiers") {
		return `; did you mean "knownIdentifiers"?`
	}
	if strings.EqualFold(key, "rule") || strings.EqualFold(key, "severity") || strings.EqualFold(key, "severities") {
		return `; did you mean "rules"?`
	}
	return " (known keys: rules, knownIdentifiers, initialRelease, targetRelease, or a rule code such as PQC203)"
}

func (p *parser) rules(val json.Token, valOff int) bool {
	if val != json.Delim('{') {
		p.problem(valOff, "rules must be an object mapping rule codes to severities, not %s", describe(val))
		return p.skip(val)
	}
	for {
		tok, keyOff, ok := p.next()
		if !ok {
			return false
		}
		if tok == json.Delim('}') {
			return true
		}
		code, _ := tok.(string)
		v, vOff, ok := p.next()
		if !ok {
			return false
		}
		if isRuleCodeLike(code) {
			p.rule(code, keyOff, v, vOff)
		} else {
			p.problem(keyOff, "%q is not a rule code: rule codes look like PQC203", code)
		}
		if !p.skip(v) {
			return false
		}
	}
}

// rule records one code's severity. code already has the shape PQC and three
// digits, in any letter case.
func (p *parser) rule(code string, keyOff int, val json.Token, valOff int) {
	code = strings.ToUpper(code)
	word, isString := val.(string)
	if !isString {
		p.problem(valOff, "severity of %s must be a string (error, warning, information, hint or off), not %s", code, describe(val))
		return
	}
	sev, ok := ParseSeverity(word)
	if !ok {
		p.problem(valOff, "unknown severity %q for %s: want error, warning, information, hint or off", word, code)
		return
	}
	if p.ruleSetAt == nil {
		p.ruleSetAt = map[string]int{}
	}
	if first, dup := p.ruleSetAt[code]; dup {
		line, _ := p.lines.lineCol(first)
		p.problem(keyOff, "%s is already set on line %d; this later setting is used", code, line)
	}
	p.ruleSetAt[code] = keyOff
	p.cfg.Rules[code] = sev
}

func (p *parser) knownIdentifiers(val json.Token, valOff int) bool {
	if val != json.Delim('[') {
		p.problem(valOff, "knownIdentifiers must be an array of names, not %s", describe(val))
		return p.skip(val)
	}
	for {
		tok, off, ok := p.next()
		if !ok {
			return false
		}
		if tok == json.Delim(']') {
			return true
		}
		name, isString := tok.(string)
		switch {
		case !isString:
			p.problem(off, "knownIdentifiers holds names as strings, not %s", describe(tok))
			if !p.skip(tok) {
				return false
			}
		case strings.TrimSpace(name) == "":
			p.problem(off, "empty name in knownIdentifiers")
		case strings.TrimSpace(name) != name:
			p.problem(off, "name %q in knownIdentifiers has leading or trailing spaces", name)
		case slices.Contains(p.cfg.KnownIdentifiers, name):
			// a repeated name is harmless; keep the list free of duplicates
		default:
			p.cfg.KnownIdentifiers = append(p.cfg.KnownIdentifiers, name)
		}
	}
}

func (p *parser) targetRelease(val json.Token, valOff int) {
	s, isString := val.(string)
	if val == nil { // null means "not set"
		return
	}
	if !isString {
		p.problem(valOff, "targetRelease must be a month written \"YYYY-MM\", not %s", describe(val))
		return
	}
	if s == "" {
		return
	}
	if !isMonth(s) {
		p.problem(valOff, "targetRelease %q is not a month written \"YYYY-MM\" (e.g. \"2027-04\")", s)
		return
	}
	p.cfg.TargetRelease = s
}

// isMonth reports whether s is "YYYY-MM" with a month from 01 to 12.
func isMonth(s string) bool {
	if len(s) != 7 || s[4] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && (c < '0' || c > '9') {
			return false
		}
	}
	month := int(s[5]-'0')*10 + int(s[6]-'0')
	return month >= 1 && month <= 12 && s[:4] != "0000"
}

// isRuleCodeLike reports whether s is "PQC" (any case) followed by exactly
// three digits.
func isRuleCodeLike(s string) bool {
	if len(s) != 6 || !strings.EqualFold(s[:3], "PQC") {
		return false
	}
	for _, c := range []byte(s[3:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// describe names a token's JSON type for messages.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return fmt.Sprintf("the string %q", t)
	case json.Number:
		return "the number " + t.String()
	case bool:
		return fmt.Sprintf("%v", t)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// lineIndex converts byte offsets into positions. It is built on first use,
// so a file with many problems costs one pass, not one pass per problem.
type lineIndex struct {
	text   []byte
	starts []int // byte offset of each line's first byte
}

// lineCol returns the 1-based line and the 1-based column, counted in runes,
// of a byte offset. A byte order mark at the start is not counted.
func (x *lineIndex) lineCol(off int) (line, col int) {
	if x.starts == nil {
		x.starts = []int{0}
		for i, c := range x.text {
			if c == '\n' {
				x.starts = append(x.starts, i+1)
			}
		}
	}
	off = min(max(off, 0), len(x.text))
	i, found := slices.BinarySearch(x.starts, off)
	if !found {
		i--
	}
	lineStart := x.starts[i]
	if i == 0 && bytes.HasPrefix(x.text, []byte("\uFEFF")) && off >= 3 {
		lineStart = 3
	}
	return i + 1, 1 + utf8.RuneCount(x.text[lineStart:off])
}
