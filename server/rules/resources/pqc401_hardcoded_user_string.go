package resources

import (
	_ "embed"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc401_hardcoded_user_string.md
var hardcodedUserStringDoc string

// HardcodedUserString reports user-facing texts written as literals
// instead of loaded from resources.resx.
var HardcodedUserString = &rules.Rule{
	Code:     "PQC401",
	Name:     "hardcoded-user-string",
	Severity: rules.Information,
	Doc:      hardcodedUserStringDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runHardcodedUserString,
}

// userString is a literal text that Power Query shows to users.
type userString struct {
	Lit  syntax.Node // the text literal
	What string      // what it is, for the message
	Key  string      // the resource key a fix would give it
}

// documentationKeys are the Documentation.* fields whose values are texts
// shown to users (SampleValues and AllowedValues are values, not texts).
var documentationKeys = map[string]bool{
	"Documentation.Name": true, "Documentation.DisplayName": true, "Documentation.Caption": true,
	"Documentation.Description": true, "Documentation.LongDescription": true,
	"Documentation.FieldCaption": true, "Documentation.FieldDescription": true,
}

// userStrings finds the literal user-facing texts of a connector.
func userStrings(m *model.Model) []userString {
	in := m.Scope
	var out []userString
	seen := map[syntax.Node]bool{}
	add := func(n syntax.Node, what, key string) {
		lit := facts.Deref(in, n)
		if lit.Kind() != syntax.KindTextLiteral || seen[lit] || rules.InError(lit) || strings.TrimSpace(facts.TextValue(lit)) == "" {
			return
		}
		seen[lit] = true
		out = append(out, userString{Lit: lit, What: what, Key: key})
	}
	fs := m.Facts
	for _, k := range fs.Kinds {
		if k.Record.IsNull() {
			continue
		}
		key := "DataSourceLabel"
		if len(fs.Kinds) > 1 {
			key = identKey(k.Name) + "Label"
		}
		if fld, ok := k.Fields["Label"]; ok {
			add(fld.ChildByField(syntax.FieldValue), "`Label` of kind `"+k.Name+"`", key)
		}
		for _, auth := range slices.Sorted(maps.Keys(k.Auth)) {
			fld := k.Auth[auth]
			rec := facts.Deref(in, fld.ChildByField(syntax.FieldValue))
			if rec.Kind() != syntax.KindRecordExpression {
				continue
			}
			// In source order: the first text gets the plain key name.
			fields := facts.RecordFields(rec)
			byStart := func(x, y string) int { return fields[x].Start() - fields[y].Start() }
			for _, name := range slices.SortedFunc(maps.Keys(fields), byStart) {
				af := fields[name]
				switch name {
				case "Label":
					add(af.ChildByField(syntax.FieldValue), "`Label` of the "+auth+" authentication", identKey(auth)+"Label")
				case "UsernameLabel", "PasswordLabel", "KeyLabel":
					add(af.ChildByField(syntax.FieldValue), "`"+name+"` of the "+auth+" authentication", name)
				}
			}
		}
	}
	for _, pub := range fs.Publishes {
		if pub == nil || pub.Record.IsNull() {
			continue
		}
		fld, ok := pub.Fields["ButtonText"]
		if !ok {
			continue
		}
		list := facts.Deref(in, fld.ChildByField(syntax.FieldValue))
		if list.Kind() != syntax.KindListExpression {
			continue
		}
		i := 0
		for it := range list.ChildrenByField(syntax.FieldItem) {
			key, what := "ButtonTitle", "the name"
			if i > 0 {
				key, what = "ButtonHelp", "the tooltip"
			}
			add(it, what+" in `ButtonText` of `"+pub.Name+"`", key)
			i++
		}
	}
	var names scope.Names
	for _, n := range m.RecordFields() {
		nameN := n.ChildByField(syntax.FieldName)
		if nameN.IsNull() {
			continue
		}
		name := names.Of(nameN)
		switch {
		case documentationKeys[name]:
			add(n.ChildByField(syntax.FieldValue), "`"+name+"`", documentationKey(n, name))
		case name == "Documentation.Examples":
			list := facts.Deref(in, n.ChildByField(syntax.FieldValue))
			for it := range list.ChildrenByField(syntax.FieldItem) {
				if rec := facts.Deref(in, it); rec.Kind() == syntax.KindRecordExpression {
					if d, ok := facts.RecordFields(rec)["Description"]; ok {
						add(d.ChildByField(syntax.FieldValue), "the `Description` of an example in `Documentation.Examples`", "ExampleDescription")
					}
				}
			}
		}
	}
	return out
}

// documentationKey proposes a key for a Documentation.* field: after the
// parameter whose type it documents (`UrlCaption`), or the function
// (`FunctionName`, `FunctionDescription`).
func documentationKey(fld syntax.Node, name string) string {
	suffix := strings.TrimPrefix(name, "Documentation.")
	if prm := fld.Ancestor(syntax.KindParameterSpecification, syntax.KindParameter); !prm.IsNull() {
		if pn := prm.ChildByField(syntax.FieldName); !pn.IsNull() {
			return identKey(scope.Name(pn)) + strings.TrimPrefix(suffix, "Field")
		}
	}
	if suffix == "LongDescription" {
		suffix = "Description"
	}
	return "Function" + suffix
}

// identKey turns a name into a key part: letters and digits, first letter
// upper case.
func identKey(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "Text"
	}
	return b.String()
}

func runHardcodedUserString(p *rules.Pass) {
	c := p.Model.Connector
	taken := loadedKeys(p.Model).names()
	if c.Resx != nil && c.Resx.Parsed != nil {
		for _, e := range c.Resx.Parsed.Entries {
			taken[e.Name] = true
		}
	}
	canFix := c.Resx == nil || (c.Resx.Parsed != nil && c.Resx.Parsed.Err == nil)
	for _, us := range userStrings(p.Model) {
		text := facts.TextValue(us.Lit)
		f := p.ReportNode(us.Lit, "%s is a literal text; user-facing texts belong in resources.resx, read with `Extension.LoadString`", us.What)
		if !canFix {
			continue
		}
		key := us.Key
		for i := 2; taken[key]; i++ {
			key = us.Key + strconv.Itoa(i)
		}
		ed, err := addEntries(c, []resx.NewEntry{{Name: key, Value: text}})
		if err != nil {
			continue
		}
		taken[key] = true
		f.Fixes = append(f.Fixes, rules.Fix{Title: "Move the text into resources.resx as `" + key + "`", Safety: rules.Unsafe, Preferred: true,
			Edits: []rules.Edit{p.EditNode(us.Lit, "Extension.LoadString("+facts.TextLiteral(key)+")"), ed}})
	}
}
