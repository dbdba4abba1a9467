// Package mlib is the Power Query M library as data: the names, kinds,
// parameters and return types of the standard library and of the symbols
// the connector SDK adds, from the embedded m-library.json (see
// PROVENANCE.md), plus a table of symbols Microsoft documents that the
// JSON lacks (additions.go) and a small table of documented corrections.
//
// Look a name up with [Lookup]; list names for completion with [All],
// [WithPrefix] and [Namespaces]. The data is parsed once, on first use, and
// shared: callers must not modify the returned Symbols or slices.
package mlib

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed m-library.json
var libraryJSON []byte

// Kinds of symbols, as m-library.json names them.
const (
	KindFunction    = "function"
	KindConstructor = "constructor" // #date, #table, …: called like functions
	KindConstant    = "constant"
	KindType        = "type"        // Int64.Type, Uri.Type, …
	KindEnumType    = "enum-type"   // JoinKind.Type, …
	KindEnumMember  = "enum-member" // JoinKind.Inner, …
)

// Libraries a symbol comes from.
const (
	LibraryStandard = "standard" // everywhere M runs
	LibrarySDK      = "sdk"      // only inside custom connectors
)

// Symbol is one name of the M library.
type Symbol struct {
	Name         string
	Kind         string // one of the Kind constants
	Category     string // e.g. "Accessing data"; may be empty
	Returns      string // M type of the value or the call's result, e.g. "nullable record"
	IsDataSource bool   // a data source function, such as Web.Contents
	Library      string // LibraryStandard or LibrarySDK
	Parameters   []Parameter
}

// Parameter is one parameter of a function.
type Parameter struct {
	Name     string
	Type     string // M type as text, e.g. "nullable record", "list {any}"
	Required bool   // false for an optional parameter
	Nullable bool
	// AllowedValues holds the M literal text of each value the parameter
	// accepts, when the library restricts it; EnumNames holds the matching
	// enum member for each, e.g. "TextEncoding.Utf8" for "65001".
	AllowedValues []string
	EnumNames     []string
	// Fields lists the known fields of an options record parameter.
	Fields []Field
}

// Field is one known field of an options record.
type Field struct {
	Name     string
	Type     string
	Required bool
}

type library struct {
	sorted     []*Symbol // by name, byte order, once finish has run
	byName     map[string]*Symbol
	spaces     map[string]bool // every dotted prefix of a name
	namespaces []string        // spaces, sorted by finish
}

// add puts s into the library; call finish once all symbols are in. It
// fails if the name is empty or already taken.
func (l *library) add(s *Symbol) error {
	if s.Name == "" {
		return fmt.Errorf("a symbol has no name")
	}
	if l.byName[s.Name] != nil {
		return fmt.Errorf("%q is there twice", s.Name)
	}
	l.byName[s.Name] = s
	l.sorted = append(l.sorted, s)
	for i := 0; i < len(s.Name); i++ {
		if s.Name[i] == '.' {
			l.spaces[s.Name[:i]] = true
		}
	}
	return nil
}

// finish sorts the symbols and namespaces after a round of add calls.
func (l *library) finish() {
	sort.Slice(l.sorted, func(i, j int) bool { return l.sorted[i].Name < l.sorted[j].Name })
	l.namespaces = make([]string, 0, len(l.spaces))
	for ns := range l.spaces {
		l.namespaces = append(l.namespaces, ns)
	}
	sort.Strings(l.namespaces)
}

var (
	loadOnce sync.Once
	lib      *library
)

func get() *library {
	loadOnce.Do(func() {
		l, err := parse(libraryJSON)
		if err != nil {
			// The data is embedded and tested, so this is a build defect,
			// not bad input.
			panic("mlib: " + err.Error())
		}
		if err := applyAdditions(l); err != nil {
			panic("mlib: " + err.Error())
		}
		if err := applyCorrections(l.byName); err != nil {
			panic("mlib: " + err.Error())
		}
		lib = l
	})
	return lib
}

// jsonSymbol mirrors m-library.json; null categories decode as "".
type jsonSymbol struct {
	Name         string          `json:"name"`
	Kind         string          `json:"kind"`
	Category     *string         `json:"category"`
	Returns      string          `json:"returns"`
	IsDataSource bool            `json:"isDataSource"`
	Library      string          `json:"library"`
	Parameters   []jsonParameter `json:"parameters"`
}

type jsonParameter struct {
	Name          string            `json:"name"`
	Type          string            `json:"type"`
	Required      bool              `json:"required"`
	Nullable      bool              `json:"nullable"`
	AllowedValues []json.RawMessage `json:"allowedValues"`
	EnumNames     []string          `json:"enumNames"`
	Fields        []Field           `json:"fields"`
}

func parse(data []byte) (*library, error) {
	var file struct {
		Symbols []jsonSymbol `json:"symbols"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("parsing m-library.json: %w", err)
	}
	l := &library{
		byName: make(map[string]*Symbol, len(file.Symbols)+len(additions)),
		spaces: make(map[string]bool),
	}
	for _, js := range file.Symbols {
		s := &Symbol{
			Name:         js.Name,
			Kind:         js.Kind,
			Returns:      js.Returns,
			IsDataSource: js.IsDataSource,
			Library:      js.Library,
		}
		if js.Category != nil {
			s.Category = *js.Category
		}
		for _, jp := range js.Parameters {
			p := Parameter{
				Name:      jp.Name,
				Type:      jp.Type,
				Required:  jp.Required,
				Nullable:  jp.Nullable,
				EnumNames: jp.EnumNames,
				Fields:    jp.Fields,
			}
			for _, raw := range jp.AllowedValues {
				v, err := literalText(raw)
				if err != nil {
					return nil, fmt.Errorf("%s parameter %s: %w", js.Name, jp.Name, err)
				}
				p.AllowedValues = append(p.AllowedValues, v)
			}
			s.Parameters = append(s.Parameters, p)
		}
		if err := l.add(s); err != nil {
			return nil, fmt.Errorf("m-library.json: %w", err)
		}
	}
	l.finish()
	return l, nil
}

// literalText renders an allowed value from the JSON as M literal text.
func literalText(raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch v := v.(type) {
	case string:
		return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`, nil
	case float64, bool:
		return string(raw), nil
	case nil:
		return "null", nil
	}
	return "", fmt.Errorf("allowed value %s is not a literal", raw)
}

// Lookup returns the symbol named name, or nil if the library has none. The
// match is exact and case-sensitive, as M identifiers are.
func Lookup(name string) *Symbol {
	return get().byName[name]
}

// All returns every symbol, sorted by name.
func All() []*Symbol {
	s := get().sorted
	return s[:len(s):len(s)]
}

// WithPrefix returns the symbols whose names start with prefix, sorted by
// name; nil if none. The match is case-sensitive.
func WithPrefix(prefix string) []*Symbol {
	s := get().sorted
	i := sort.Search(len(s), func(i int) bool { return s[i].Name >= prefix })
	j := i
	for j < len(s) && strings.HasPrefix(s[j].Name, prefix) {
		j++
	}
	if i == j {
		return nil
	}
	return s[i:j:j]
}

// Namespaces returns the dotted prefixes of the library's names, such as
// "Table" for Table.AddColumn, sorted.
func Namespaces() []string {
	ns := get().namespaces
	return ns[:len(ns):len(ns)]
}

// IsFunction reports whether s can be called: a function or a constructor
// such as #date.
func (s *Symbol) IsFunction() bool {
	return s.Kind == KindFunction || s.Kind == KindConstructor
}

// Arity returns the number of required parameters and the total number of
// parameters. M puts optional parameters after required ones, so a call
// passes between min and max arguments.
func (s *Symbol) Arity() (min, max int) {
	for _, p := range s.Parameters {
		if p.Required {
			min++
		}
	}
	return min, len(s.Parameters)
}

// Signature renders s the way Microsoft's documentation does, e.g.
// "Web.Contents(url as text, optional options as nullable record) as binary".
// A symbol that is not a function renders as "Number.PI as number".
func (s *Symbol) Signature() string {
	var b strings.Builder
	b.WriteString(s.Name)
	if s.IsFunction() {
		b.WriteByte('(')
		for i, p := range s.Parameters {
			if i > 0 {
				b.WriteString(", ")
			}
			if !p.Required {
				b.WriteString("optional ")
			}
			b.WriteString(p.Name)
			b.WriteString(" as ")
			b.WriteString(p.Type)
		}
		b.WriteByte(')')
	}
	if s.Returns != "" {
		b.WriteString(" as ")
		b.WriteString(s.Returns)
	}
	return b.String()
}

// docBase is the locale-neutral root of the M reference; learn.microsoft.com
// redirects it to the reader's language.
const docBase = "https://learn.microsoft.com/powerquery-m/"

// noDocPage lists standard symbols checked to have no reference page.
var noDocPage = map[string]bool{
	"Action.DoNothing": true,
}

// DocURL returns the address of s's page in Microsoft's M reference, or ""
// when there is none: for symbols only the SDK has, for data types such as
// Int64.Type, and for the few symbols in noDocPage. Pages are named after
// the symbol in lower case with '.' as '-' (Table.AddColumn ->
// table-addcolumn) and '#' as "sharp" (#date -> sharpdate). An enum member
// links to its enum type's page, which lists every member, because only some
// members have a page of their own (JoinKind.LeftSemi has none).
func (s *Symbol) DocURL() string {
	if s.Library != LibraryStandard || s.Kind == KindType || noDocPage[s.Name] {
		return ""
	}
	name := s.Name
	if s.Kind == KindEnumMember {
		name = name[:strings.LastIndexByte(name, '.')] + ".Type"
	}
	page := strings.ToLower(strings.ReplaceAll(name, ".", "-"))
	if rest, ok := strings.CutPrefix(page, "#"); ok {
		page = "sharp" + rest
	}
	return docBase + page
}
