package publish

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc303_missing_icons.md
var missingIconsDoc string

// MissingIcons reports publish records without complete icon records.
var MissingIcons = &rules.Rule{
	Code:     "PQC303",
	Name:     "missing-icons",
	Severity: rules.Warning,
	Doc:      missingIconsDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runMissingIcons,
}

// iconSlots are the icon lists of an icons record and the sizes of their images.
var iconSlots = []struct {
	Name  string
	Sizes [4]int
}{{"Icon16", icon16Sizes}, {"Icon32", icon32Sizes}}

func sizesText(sizes [4]int) string {
	return fmt.Sprintf("%d, %d, %d and %d px", sizes[0], sizes[1], sizes[2], sizes[3])
}

func runMissingIcons(p *rules.Pass) {
	checked := map[syntax.Node]bool{}
	for _, pub := range publishes(p) {
		fields := facts.RecordFields(pub.Record)
		src, hasSrc := fields["SourceImage"]
		typ, hasTyp := fields["SourceTypeImage"]
		switch {
		case !hasSrc && !hasTyp && pub.whole:
			f := p.ReportNode(pub.Member.Def.NameNode, "`%s` sets neither `SourceImage` nor `SourceTypeImage`, so Get Data shows no icon for it", pub.Name)
			if fix, ok := iconsFix(p, pub); ok {
				f.Fixes = append(f.Fixes, fix)
			}
		case hasSrc != hasTyp && pub.whole:
			have, missing := src, "SourceTypeImage"
			if hasTyp {
				have, missing = typ, "SourceImage"
			}
			f := p.ReportNode(pub.Member.Def.NameNode, "`%s` has no `%s`", pub.Name, missing)
			val := have.ChildByField(syntax.FieldValue)
			if k := val.Kind(); k == syntax.KindIdentifierExpression || k == syntax.KindSectionAccessExpression {
				off, text := insertLastField(pub.Record, missing+" = "+strings.TrimSpace(val.Text()))
				f.Fixes = append(f.Fixes, rules.Fix{Title: "Add `" + missing + " = " + strings.TrimSpace(val.Text()) + "`", Safety: rules.Safe, Preferred: true,
					Edits: []rules.Edit{p.Insert(pub.Record.File(), off, text)}})
			}
		}
		for _, fld := range []syntax.Node{src, typ} {
			if fld.IsNull() {
				continue
			}
			checkIconsRecord(p, pub, fld, checked)
		}
	}
}

// checkIconsRecord checks the icons record a SourceImage or SourceTypeImage field names.
func checkIconsRecord(p *rules.Pass, pub publishRecord, fld syntax.Node, checked map[syntax.Node]bool) {
	in := p.Model.Scope
	name := fieldName(fld)
	val := facts.Deref(in, fld.ChildByField(syntax.FieldValue))
	if isLiteral(val) && val.Kind() != syntax.KindRecordExpression {
		p.ReportNode(fld, "`%s` of `%s` is not a record with `Icon16` and `Icon32` lists", name, pub.Name)
		return
	}
	if val.Kind() != syntax.KindRecordExpression || checked[val] || rules.InError(val) {
		return
	}
	checked[val] = true
	recName := recordName(fld.ChildByField(syntax.FieldValue))
	lists := facts.RecordFields(val)
	for _, slot := range iconSlots {
		lf, ok := lists[slot.Name]
		if !ok {
			at := fld
			if d := memberNamed(p, recName); !d.IsNull() {
				at = d
			}
			p.ReportNode(at, "icons record %s has no `%s` (images of %s)", recName, slot.Name, sizesText(slot.Sizes))
			continue
		}
		list := facts.Deref(in, lf.ChildByField(syntax.FieldValue))
		if isLiteral(list) && list.Kind() != syntax.KindListExpression {
			p.ReportNode(lf, "`%s` of %s is not a list of images", slot.Name, recName)
			continue
		}
		if list.Kind() != syntax.KindListExpression {
			continue
		}
		its := items(list)
		if len(its) != len(slot.Sizes) {
			p.ReportNode(lf, "`%s` of %s has %d images; it takes %d: %s", slot.Name, recName, len(its), len(slot.Sizes), sizesText(slot.Sizes))
		}
		for _, it := range its {
			img := facts.Deref(in, it)
			if isLiteral(img) {
				p.ReportNode(it, "an item of `%s` is not an image: icons come from `Extension.Contents(\"file.png\")`", slot.Name)
			}
		}
	}
}

// isLiteral reports literal values: texts, numbers, logicals, nulls,
// records and lists.
func isLiteral(n syntax.Node) bool {
	switch n.Kind() {
	case syntax.KindTextLiteral, syntax.KindNumberLiteral, syntax.KindLogicalLiteral, syntax.KindNullLiteral,
		syntax.KindRecordExpression, syntax.KindListExpression:
		return true
	}
	return false
}

// recordName names a record for messages: the member or binding it is
// bound to, or "of the publish record".
func recordName(written syntax.Node) string {
	if k := written.Kind(); k == syntax.KindIdentifierExpression || k == syntax.KindSectionAccessExpression {
		return "`" + strings.TrimSpace(written.Text()) + "`"
	}
	return "of the publish record"
}

// memberNamed returns the name node of the section member a message names
// (in backticks), or null.
func memberNamed(p *rules.Pass, quoted string) syntax.Node {
	name := strings.Trim(quoted, "`")
	if d := p.Model.Scope.Member(name); d != nil {
		return d.NameNode
	}
	return syntax.Node{}
}

// fieldName returns a record field's name as written.
func fieldName(fld syntax.Node) string {
	return strings.TrimSpace(fld.ChildByField(syntax.FieldName).Text())
}

// iconsFix adds SourceImage and SourceTypeImage fields and an icons record.
func iconsFix(p *rules.Pass, pub publishRecord) (rules.Fix, bool) {
	in := p.Model.Scope
	base := strings.TrimSuffix(pub.Name, ".Publish")
	prefix := base
	if len(pub.DataSources) > 0 {
		prefix = pub.DataSources[0].Kind
	}
	icons := base + ".Icons"
	file := pub.Record.File()
	fix := rules.Fix{Title: "Add `SourceImage` and `SourceTypeImage` with an icons record `" + icons + "`", Safety: rules.Safe, Preferred: true}
	var off int
	var text string
	if pub.Record.ChildByField(syntax.FieldField).IsNull() {
		off, text = insertFirstField(pub.Record, "SourceImage = "+icons+", SourceTypeImage = "+icons)
	} else {
		var text2 string
		off, text = insertLastField(pub.Record, "SourceImage = "+icons)
		_, text2 = insertLastField(pub.Record, "SourceTypeImage = "+icons)
		text += text2
	}
	fix.Edits = append(fix.Edits, p.Insert(file, off, text))
	if d := in.Member(icons); d != nil {
		if record(in, d.Value).IsNull() {
			return rules.Fix{}, false
		}
		return fix, true
	}
	if pub.Member.Def.File != file {
		return rules.Fix{}, false
	}
	eol := rules.LineEnding(file)
	fix.Edits = append(fix.Edits, p.Insert(file, pub.Member.Def.Node.End(), eol+eol+iconsSkeleton(icons, iconPrefix(prefix), eol, indentUnit(file))))
	return fix, true
}
