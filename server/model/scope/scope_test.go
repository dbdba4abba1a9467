package scope

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
)

func parse(src string) *syntax.File {
	return syntax.Parse(document.New("file:///t.pq", 1, []byte(src)), syntax.Once)
}

// resolutions renders each reference as name@offset -> kind@offset.
func resolutions(in *Info) []string {
	var out []string
	for _, r := range in.Refs {
		target := "UNRESOLVED"
		if r.Def != nil {
			target = r.Def.Kind.String()
			if r.Def.IsLocal() {
				target += fmt.Sprintf("@%d", r.Def.Node.Start())
			}
		}
		out = append(out, fmt.Sprintf("%s@%d->%s", r.Name, r.Node.Start(), target))
	}
	sort.Strings(out)
	return out
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"let sees all bindings", "let a = b, b = 1 in a", []string{"a@20->let binding@4", "b@8->let binding@11"}},
		{"let binding excludes itself", "let x = 1 in let x = x + 1 in x", []string{"x@21->let binding@4", "x@30->let binding@17"}},
		{"inclusive reference sees itself", "let f = (n) => if n = 0 then 1 else n * @f(n - 1) in f(3)", []string{
			"f@40->let binding@4", "f@53->let binding@4", "n@18->parameter@9", "n@36->parameter@9", "n@43->parameter@9"}},
		{"record fields see siblings", "[a = 1, b = a]", []string{"a@12->record field@1"}},
		{"library", "Table.AddColumn(x, \"a\", each [b])", []string{"Table.AddColumn@0->library", "_@29->each parameter@24", "x@16->UNRESOLVED"}},
		{"each underscore", "each _ + 1", []string{"_@5->each parameter@0"}},
		{"implicit outside each", "[a]", []string{"_@0->UNRESOLVED"}},
		{"section members see each other and themselves", "section S; a = b; b = a + b;", []string{"a@22->section member@11", "b@15->section member@18", "b@26->section member@18"}},
		{"section access", "section S; a = 1; b = S!a;", []string{"a@22->section member@11"}},
		{"catch parameter", "try 1 catch (e) => e", []string{"e@19->catch parameter@13"}},
		{"quoted names", "let #\"a b\" = 1 in #\"a b\"", []string{"a b@18->let binding@4"}},
		{"type positions", "type function (x as text) as table", nil},
		{"record type field names are not references", "type [a = number, b = Int64.Type]", []string{"Int64.Type@22->library"}},
	} {
		in := Resolve(parse(c.src), nil, Options{})
		got := resolutions(in)
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: %q\n got  %v\n want %v", c.name, c.src, got, c.want)
		}
	}
}

func TestDuplicates(t *testing.T) {
	in := Resolve(parse("section S; a = let x = 1, x = 2 in [f = 1, f = 2]; a = (p, p) => p;"), nil, Options{})
	var names []string
	for _, d := range in.Duplicates {
		names = append(names, d.Second.Name)
	}
	if got := strings.Join(names, ","); got != "a,x,f,p" && got != "x,f,a,p" {
		t.Errorf("duplicates %s", got)
	}
}

func TestModulesSeeSection(t *testing.T) {
	sec := parse("section S; shared S.Contents = Helper(1); Helper = Extension.LoadFunction(\"H.pqm\");")
	mod := syntax.Parse(document.New("file:///H.pqm", 1, []byte("(x) => S.Contents + x + Missing")), syntax.Once)
	in := Resolve(sec, []*syntax.File{mod}, Options{Known: []string{"Other.*"}})
	got := resolutions(in)
	want := "Extension.LoadFunction@51->UNRESOLVED Helper@31->section member@42 Missing@24->UNRESOLVED S.Contents@7->section member@11 x@20->parameter@1"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v", got)
	}
	if d := in.Member("Helper"); d == nil || len(d.Refs) != 1 {
		t.Errorf("Helper refs")
	}
	in2 := Resolve(parse("Other.Contents(1)"), nil, Options{Known: []string{"Other.*"}})
	if in2.Refs[0].Def == nil || in2.Refs[0].Def.Kind != Declared {
		t.Errorf("declared prefix not accepted")
	}
}

// Every reference, definition and scope is found again from its nodes,
// the each_expression that is both a scope and the definition of `_`
// included.
func TestNodeIndex(t *testing.T) {
	sec := parse("section S; F = let f = (x, optional y) => each [a] + x, r = [b = 1, c = b] in try f(1) catch (e) => e & S!F; #\"G h\" = F;")
	mod := syntax.Parse(document.New("file:///M.pqm", 1, []byte("(z) => List.Transform(z, each _ + 1)")), syntax.Once)
	in := Resolve(sec, []*syntax.File{mod}, Options{})
	if len(in.Refs) == 0 || len(in.Defs) == 0 || len(in.Scopes) == 0 {
		t.Fatalf("nothing resolved: %d refs, %d defs, %d scopes", len(in.Refs), len(in.Defs), len(in.Scopes))
	}
	for _, r := range in.Refs {
		if in.RefAt(r.Node) != r || !r.NameNode.IsNull() && in.RefAt(r.NameNode) != r {
			t.Errorf("reference %q at %d not found from its nodes", r.Name, r.Node.Start())
		}
	}
	eachDefs := 0
	for _, d := range in.Defs {
		if in.DefAt(d.Node) != d || !d.NameNode.IsNull() && in.DefAt(d.NameNode) != d {
			t.Errorf("definition %q (%s) not found from its nodes", d.Name, d.Kind)
		}
		if d.Kind == EachParameter {
			eachDefs++
			if s := in.ScopeOf(d.Node); s == nil || s.Kind != EachScope || s.Defs[0] != d {
				t.Errorf("each_expression at %d is not also its scope", d.Node.Start())
			}
		}
	}
	if eachDefs != 2 {
		t.Errorf("%d each definitions, want 2", eachDefs)
	}
	for _, s := range in.Scopes {
		if in.ScopeOf(s.Node) != s {
			t.Errorf("%v scope at %d not found from its node", s.Kind, s.Node.Start())
		}
	}
	var total int
	for _, d := range append(append([]*Def(nil), in.Defs...), in.Global.Defs...) {
		total += len(d.Refs)
		for _, r := range d.Refs {
			if r.Def != d {
				t.Errorf("%q listed under %q", r.Name, d.Name)
			}
		}
	}
	resolved := 0
	for _, r := range in.Refs {
		if r.Def != nil {
			resolved++
		}
	}
	if total != resolved {
		t.Errorf("definitions list %d references, %d resolve", total, resolved)
	}
}

// Names interns what Name returns, quoted identifiers included; NameIs
// agrees with Name.
func TestNames(t *testing.T) {
	f := parse(`section S; #"a ""b"" c" = 1; plain = 2; plain2 = plain;`)
	var ns Names
	for _, d := range Resolve(f, nil, Options{}).Defs {
		if got, want := ns.Of(d.NameNode), Name(d.NameNode); got != want {
			t.Errorf("Names.Of = %q, Name = %q", got, want)
		}
		if !NameIs(d.NameNode, Name(d.NameNode)) || NameIs(d.NameNode, Name(d.NameNode)+"x") {
			t.Errorf("NameIs disagrees with Name on %q", Name(d.NameNode))
		}
	}
	if got := ns.Of(f.Root().ChildByKind(syntax.KindSectionDocument).ChildByField(syntax.FieldName)); got != "S" {
		t.Errorf("section name %q", got)
	}
}

// TestIndexKinds checks that every node resolution indexes, over the
// repository's M files (broken ones included), is of a kind the index has
// a place for, and that the index finds each reference, definition and
// scope at its nodes.
func TestIndexKinds(t *testing.T) {
	root := filepath.Join("..", "..", "..", "testdata")
	n := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		ext := filepath.Ext(p)
		if err != nil || d.IsDir() || ext != ".pq" && ext != ".pqm" {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		text, _, err := document.Decode(raw)
		if err != nil {
			return nil
		}
		n++
		f := syntax.Parse(document.New("file:///t.pq", 1, text), syntax.Once)
		in := Resolve(f, nil, Options{})
		for _, x := range in.index {
			for i, v := range x.other {
				t.Errorf("%s: node %d (%s) indexed (%d) without a place", p, i, f.Node(i).Kind(), *v)
			}
		}
		for _, r := range in.Refs {
			if in.RefAt(r.Node) != r || !r.NameNode.IsNull() && in.RefAt(r.NameNode) != r {
				t.Errorf("%s: reference %s at %d not found at its nodes", p, r.Name, r.Node.Start())
			}
		}
		for _, s := range in.Scopes {
			if in.ScopeOf(s.Node) != s {
				t.Errorf("%s: scope at %d not found at its node", p, s.Node.Start())
			}
		}
		return nil
	})
	if n < 10 {
		t.Errorf("only %d M files found under %s", n, root)
	}
}

// TestFileIndexOther checks that a node of a kind without a place keeps
// its entry all the same.
func TestFileIndexOther(t *testing.T) {
	f := parse("section S; a = 1 + 2;")
	x := newFileIndex(f)
	var tok, name syntax.Node
	for n := range f.Root().Descendants() {
		switch n.Kind() {
		case syntax.KindTokPlus:
			tok = n
		case syntax.KindIdentifier:
			name = n
		}
	}
	*x.at(tok.Index()) = 7
	*x.at(name.Index()) = 9
	if x.get(tok.Index()) != 7 || x.get(name.Index()) != 9 || len(x.other) != 1 || x.get(tok.Index()-1) != 0 {
		t.Errorf("entries %d %d, other %v", x.get(tok.Index()), x.get(name.Index()), x.other)
	}
}
