package publish

import (
	_ "embed"
	"slices"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc310_native_query_properties.md
var nativeQueryPropertiesDoc string

// NativeQueryProperties reports NativeQueryProperties records whose shape
// the engine cannot read.
var NativeQueryProperties = &rules.Rule{
	Code:     "PQC310",
	Name:     "native-query-properties",
	Severity: rules.Error,
	Doc:      nativeQueryPropertiesDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts,
	Run:      runNativeQueryProperties,
}

// nqShape lists the fields of one record level of NativeQueryProperties:
// the names of the connector documentation's reference table, and the
// names the SDK article, its finished SqlODBC sample and the DuckDb sample
// use (camelCase words of their own), each with the name it stands for.
// Both spellings are in Microsoft's published, working code, so both are
// read; only a name that matches neither in letter case is reported.
type nqShape struct {
	what    string
	fields  []string
	aliases map[string]string
}

var (
	nqTop   = nqShape{"`NativeQueryProperties`", []string{"NavigationSteps", "DefaultOptions"}, map[string]string{"navigationSteps": "NavigationSteps", "nativeQueryOptions": "DefaultOptions"}}
	nqStep  = nqShape{"a navigation step", []string{"Indices", "FieldAccess"}, map[string]string{"indices": "Indices", "access": "FieldAccess"}}
	nqIndex = nqShape{"an index", []string{"IndexName", "FieldDisplayName", "ConstantValue"}, map[string]string{"indexName": "IndexName", "value": "FieldDisplayName", "displayName": "ConstantValue"}}
)

// read checks a record's field names against the shape, reports the
// misspelled and unknown ones, and returns the fields by reference-table
// name.
func (s nqShape) read(p *rules.Pass, rec syntax.Node) map[string]field {
	out := map[string]field{}
	keep := func(name string, f field) {
		if _, ok := out[name]; !ok {
			out[name] = f
		}
	}
	for _, f := range fieldsOf(rec) {
		if slices.Contains(s.fields, f.Name) {
			keep(f.Name, f)
			continue
		}
		if canon, ok := s.aliases[f.Name]; ok {
			keep(canon, f)
			continue
		}
		right, canon := "", ""
		for _, known := range s.fields {
			if right == "" && strings.EqualFold(known, f.Name) {
				right, canon = known, known
			}
		}
		for _, alias := range sortedKeys(s.aliases) {
			if right == "" && strings.EqualFold(alias, f.Name) {
				right, canon = alias, s.aliases[alias]
			}
		}
		if right != "" {
			p.ReportNode(f.NameN, "`%s` in %s is spelled `%s` (the engine reads field names case-sensitively)", f.Name, s.what, right)
			keep(canon, f)
			continue
		}
		p.ReportNode(f.NameN, "`%s` is not a field of %s (fields: %s)", f.Name, s.what, strings.Join(s.fields, ", "))
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func runNativeQueryProperties(p *rules.Pass) {
	in := p.Model.Scope
	done := map[syntax.Node]bool{}
	for _, pub := range publishes(p) {
		nqp, nqpFld := fieldValue(in, pub.Record, "NativeQueryProperties")
		if nqp.Kind() != syntax.KindRecordExpression || done[nqp] || rules.InError(nqp) {
			if isLiteral(nqp) && nqp.Kind() != syntax.KindRecordExpression {
				p.ReportNode(nqpFld, "`NativeQueryProperties` of `%s` is not a record", pub.Name)
			}
			continue
		}
		done[nqp] = true
		params := map[string]bool{}
		var paramNames []string
		for _, ds := range pub.DataSources {
			for _, prm := range ds.Params {
				if !params[prm.Name] {
					params[prm.Name] = true
					paramNames = append(paramNames, prm.Name)
				}
			}
		}
		top := nqTop.read(p, nqp)
		if opts, ok := top["DefaultOptions"]; ok {
			if v := facts.Deref(in, opts.Value); isLiteral(v) && v.Kind() != syntax.KindRecordExpression {
				p.ReportNode(opts.Node, "`DefaultOptions` of `NativeQueryProperties` is not a record")
			}
		}
		steps, ok := top["NavigationSteps"]
		if !ok {
			p.ReportNode(nqpFld.ChildByField(syntax.FieldName), "`NativeQueryProperties` of `%s` has no `NavigationSteps`: native queries cannot find their target", pub.Name)
			continue
		}
		list := facts.Deref(in, steps.Value)
		if isLiteral(list) && list.Kind() != syntax.KindListExpression {
			p.ReportNode(steps.Node, "`NavigationSteps` is not a list of navigation steps")
			continue
		}
		for _, it := range items(list) {
			step := facts.Deref(in, it)
			if step.Kind() != syntax.KindRecordExpression {
				if isLiteral(step) {
					p.ReportNode(it, "a navigation step is not a record with `Indices` and `FieldAccess`")
				}
				continue
			}
			if len(fieldsOf(step)) == 0 {
				// `[]` is a step Microsoft's DuckDb sample writes: it names no
				// field to check, and what the engine makes of it is not
				// documented.
				continue
			}
			sf := nqStep.read(p, step)
			if _, ok := sf["FieldAccess"]; !ok {
				p.ReportNode(it, "navigation step has no `FieldAccess` (the column that holds the target, such as \"Data\")")
			}
			idx, ok := sf["Indices"]
			if !ok {
				p.ReportNode(it, "navigation step has no `Indices`")
				continue
			}
			checkIndices(p, idx, params, paramNames)
		}
	}
}

func checkIndices(p *rules.Pass, idx field, params map[string]bool, paramNames []string) {
	in := p.Model.Scope
	list := facts.Deref(in, idx.Value)
	if isLiteral(list) && list.Kind() != syntax.KindListExpression {
		p.ReportNode(idx.Node, "`Indices` is not a list of index records")
		return
	}
	for _, it := range items(list) {
		rec := facts.Deref(in, it)
		if rec.Kind() != syntax.KindRecordExpression {
			if isLiteral(rec) {
				p.ReportNode(it, "an index is not a record with `IndexName` and `FieldDisplayName` or `ConstantValue`")
			}
			continue
		}
		f := nqIndex.read(p, rec)
		if _, ok := f["IndexName"]; !ok {
			p.ReportNode(it, "index has no `IndexName` (the navigation column it matches, such as \"Name\")")
		}
		disp, hasDisp := f["FieldDisplayName"]
		if _, hasConst := f["ConstantValue"]; !hasDisp && !hasConst {
			p.ReportNode(it, "index has neither `FieldDisplayName` (a function parameter) nor `ConstantValue`")
		}
		if !hasDisp || len(paramNames) == 0 {
			continue
		}
		lit := facts.Deref(in, disp.Value)
		if lit.Kind() != syntax.KindTextLiteral {
			continue
		}
		if name := facts.TextValue(lit); !params[name] {
			p.ReportNode(disp.Node, "`FieldDisplayName = %s` names no parameter of the published function (parameters: %s)", facts.TextLiteral(name), strings.Join(paramNames, ", "))
		}
	}
}
