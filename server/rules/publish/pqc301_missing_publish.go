package publish

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc301_missing_publish.md
var missingPublishDoc string

// MissingPublish reports kinds none of whose data source functions is
// published, and Publish attributes that name no member.
var MissingPublish = &rules.Rule{
	Code:     "PQC301",
	Name:     "missing-publish",
	Severity: rules.Error,
	Doc:      missingPublishDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runMissingPublish,
}

func runMissingPublish(p *rules.Pass) {
	fs := p.Model.Facts
	for _, k := range fs.Kinds {
		if len(k.DataSources) == 0 {
			continue
		}
		attributed := false
		for _, ds := range k.DataSources {
			if ds.PublishAttr == nil {
				continue
			}
			attributed = true
			a := ds.PublishAttr
			if !a.IsText || p.Model.Scope.Member(a.Text) != nil || rules.InError(a.Value) {
				continue
			}
			f := p.ReportNode(a.Value, "`Publish` names `%s`, but the section has no member `%s`, so `%s` does not appear in Get Data", a.Text, a.Text, ds.Name)
			if fix, ok := publishSkeletonFix(p, k, ds, a.Text, false); ok {
				f.Fixes = append(f.Fixes, fix)
			}
		}
		if attributed {
			continue
		}
		ds := k.DataSources[0]
		at := ds.KindAttr.Value
		if k.Member != nil {
			at = k.Member.Def.NameNode
		}
		if rules.InError(at) {
			continue
		}
		names := make([]string, len(k.DataSources))
		for i, d := range k.DataSources {
			names[i] = "`" + d.Name + "`"
		}
		f := p.ReportNode(at, "kind `%s` has no data source function with a `Publish` attribute (%s), so it does not appear in Get Data", k.Name, strings.Join(names, ", "))
		if fix, ok := publishSkeletonFix(p, k, ds, k.Name+".Publish", true); ok {
			f.Fixes = append(f.Fixes, fix)
		}
	}
}

// publishSkeletonFix adds the publish record pub (and an icons record) after
// the kind record, and with attribute set a Publish attribute on ds.
func publishSkeletonFix(p *rules.Pass, k *facts.Kind, ds *facts.DataSource, pub string, attribute bool) (rules.Fix, bool) {
	in := p.Model.Scope
	file := ds.Member.Def.File
	fix := rules.Fix{Safety: rules.Safe, Preferred: true}
	if attribute {
		fix.Title = "Add `Publish = \"" + pub + "\"` and a publish record"
		fix.Edits = append(fix.Edits, p.Insert(file, ds.KindAttr.Field.End(), ", Publish = "+facts.TextLiteral(pub)))
	} else {
		fix.Title = "Add a publish record `" + pub + "`"
	}
	if d := in.Member(pub); d != nil {
		if !attribute || record(in, d.Value).IsNull() {
			return rules.Fix{}, false // a member of that name that is no record: a person decides
		}
		fix.Title = "Add `Publish = \"" + pub + "\"`"
		return fix, true
	}
	after := ds.Member.Def.Node
	if k.Member != nil && k.Member.Def.File == file {
		after = k.Member.Def.Node
	}
	eol := rules.LineEnding(file)
	unit := indentUnit(file)
	base := strings.TrimSuffix(pub, ".Publish")
	icons := base + ".Icons"
	var b strings.Builder
	b.WriteString(eol + eol + pub + " = [" + eol)
	b.WriteString(unit + "Beta = true," + eol)
	b.WriteString(unit + "Category = \"Other\"," + eol)
	b.WriteString(unit + "ButtonText = {" + facts.TextLiteral(k.Name) + ", " + facts.TextLiteral("Connect to "+k.Name) + "}," + eol)
	b.WriteString(unit + "SourceImage = " + icons + "," + eol)
	b.WriteString(unit + "SourceTypeImage = " + icons + eol)
	b.WriteString("];")
	if d := in.Member(icons); d == nil {
		b.WriteString(eol + eol + iconsSkeleton(icons, iconPrefix(k.Name), eol, unit))
	} else if record(in, d.Value).IsNull() {
		return rules.Fix{}, false
	}
	fix.Edits = append(fix.Edits, p.Insert(file, after.End(), b.String()))
	return fix, true
}

// iconPrefix is the file name prefix of a kind's icons.
func iconPrefix(kind string) string {
	return strings.NewReplacer(".", "", " ", "").Replace(kind)
}

// iconsSkeleton is an icons record member in the SDK template's layout.
func iconsSkeleton(name, prefix, eol, unit string) string {
	list := func(sizes [4]int) string {
		parts := make([]string, len(sizes))
		for i, s := range sizes {
			parts[i] = "Extension.Contents(" + facts.TextLiteral(prefix+strconv.Itoa(s)+".png") + ")"
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return name + " = [" + eol +
		unit + "Icon16 = " + list(icon16Sizes) + "," + eol +
		unit + "Icon32 = " + list(icon32Sizes) + eol +
		"];"
}

var (
	icon16Sizes = [4]int{16, 20, 24, 32}
	icon32Sizes = [4]int{32, 40, 48, 64}
)
