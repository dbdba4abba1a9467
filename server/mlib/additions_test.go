package mlib

import (
	"slices"
	"strings"
	"testing"
)

// documentedSyntax holds each addition's Syntax line as its page in
// Microsoft's M reference prints it (read 2026-11-25), and the arity that
// follows from it. The table is written out independently of additions so
// that a typo in either shows up.
var documentedSyntax = []struct {
	syntax   string
	min, max int
}{
	{"DeltaLake.Metadata(table as table) as table", 1, 1},
	{"FabricAI.Prompt(input as text, optional context as any) as text", 1, 2},
	{"Table.PartitionKey(table as table) as nullable list", 1, 1},
	{"Table.ReplacePartitionKey(table as table, partitionKey as nullable list) as table", 2, 2},
	{"Type.ReplaceTablePartitionKey(tableType as type, partitionKey as nullable list) as type", 2, 2},
	{"Type.TablePartitionKey(tableType as type) as nullable list", 1, 1},
	{"Variable.ValueOrDefault(identifier as text, optional defaultValue as any) as any", 1, 2},
}

func TestAdditionsResolve(t *testing.T) {
	if len(documentedSyntax) != len(additions) {
		t.Fatalf("%d documented signatures for %d additions", len(documentedSyntax), len(additions))
	}
	for _, d := range documentedSyntax {
		name := d.syntax[:strings.IndexByte(d.syntax, '(')]
		s := Lookup(name)
		if s == nil {
			t.Errorf("%s does not resolve", name)
			continue
		}
		if got := s.Signature(); got != d.syntax {
			t.Errorf("%s.Signature() =\n  %s\nwant the documented\n  %s", name, got, d.syntax)
		}
		if min, max := s.Arity(); min != d.min || max != d.max {
			t.Errorf("%s.Arity() = %d, %d; want %d, %d", name, min, max, d.min, d.max)
		}
		if !s.IsFunction() || s.Library != LibraryStandard || s.Category == "" || s.IsDataSource {
			t.Errorf("%s = %+v", name, s)
		}
		for _, p := range s.Parameters {
			if want := strings.HasPrefix(p.Type, "nullable ") || p.Type == "any"; p.Nullable != want {
				t.Errorf("%s parameter %s as %s: Nullable = %v", name, p.Name, p.Type, p.Nullable)
			}
		}
		found := false
		for _, w := range WithPrefix(name[:strings.IndexByte(name, '.')+1]) {
			found = found || w == s
		}
		if !found {
			t.Errorf("WithPrefix does not list %s", name)
		}
	}
	if _, ok := slices.BinarySearch(Namespaces(), "FabricAI"); !ok {
		t.Error("Namespaces lacks FabricAI, which only an addition brings")
	}
	if Lookup("Excel.CurrentWorkbook") != nil {
		t.Error("Excel.CurrentWorkbook resolves; it is left out on purpose (see additions.go)")
	}
}

func TestAdditionsSources(t *testing.T) {
	if !slices.IsSortedFunc(additions, func(a, b symbolAddition) int { return strings.Compare(a.Symbol.Name, b.Symbol.Name) }) {
		t.Error("additions are not sorted by name")
	}
	for _, a := range additions {
		if !strings.HasPrefix(a.Source, docBase) {
			t.Errorf("%s: source %q is not a page of the M reference", a.Symbol.Name, a.Source)
		}
		// The page the entry was checked against is the one hover links to.
		if got := Lookup(a.Symbol.Name).DocURL(); got != a.Source {
			t.Errorf("%s.DocURL() = %q, want its source %q", a.Symbol.Name, got, a.Source)
		}
	}
}

// TestAdditionsNotInJSON fails once a refreshed m-library.json holds an
// added name, so that the entry is pruned rather than shadowing the data.
func TestAdditionsNotInJSON(t *testing.T) {
	l, err := parse(libraryJSON)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(l.byName); got != jsonSymbols {
		t.Errorf("m-library.json has %d symbols, want %d", got, jsonSymbols)
	}
	for _, a := range additions {
		if l.byName[a.Symbol.Name] != nil {
			t.Errorf("m-library.json has %s now; remove it from additions", a.Symbol.Name)
		}
	}
	if err := applyAdditions(l); err != nil {
		t.Fatalf("applyAdditions: %v", err)
	}
	// A second round finds every name taken, as a refreshed JSON would.
	if err := applyAdditions(l); err == nil || !strings.Contains(err.Error(), "remove the entry") {
		t.Errorf("reapplying additions: %v, want a remove-the-entry error", err)
	}
	// The library's copies are its own: editing one leaves the table alone.
	l.byName["Variable.ValueOrDefault"].Parameters[0].Name = "changed"
	for _, a := range additions {
		if a.Symbol.Name == "Variable.ValueOrDefault" && a.Symbol.Parameters[0].Name != "identifier" {
			t.Error("editing an added symbol changed the additions table")
		}
	}
}
