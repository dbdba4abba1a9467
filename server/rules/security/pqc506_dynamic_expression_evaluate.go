package security

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc506_dynamic_expression_evaluate.md
var dynamicExpressionEvaluateDoc string

// DynamicExpressionEvaluate reports Expression.Evaluate calls whose text or
// environment is not static.
var DynamicExpressionEvaluate = &rules.Rule{
	Code:     "PQC506",
	Name:     "dynamic-expression-evaluate",
	Severity: rules.Error,
	Doc:      dynamicExpressionEvaluateDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts,
	Run:      runDynamicExpressionEvaluate,
}

func runDynamicExpressionEvaluate(p *rules.Pass) {
	fs := p.Model.Facts
	if fs == nil {
		return
	}
	for _, c := range fs.Evaluates {
		e := c.Eval
		if e == nil {
			continue
		}
		var problems []string
		var rel []rules.Related
		sev := rules.Off
		raise := func(s rules.Severity) {
			if s > sev {
				sev = s
			}
		}
		switch e.Text {
		case facts.OriginLiteral, facts.OriginContents, facts.OriginLoader:
		case facts.OriginResponse:
			raise(rules.Error)
			what := "a web response"
			if name := facts.LibraryName(p.Model.Scope, e.TextNode); name != "" {
				what = "the response of `" + name + "`"
			}
			problems = append(problems, "runs code taken from "+what)
			rel = append(rel, relatedAt(p, e.TextNode, "the code comes from this request"))
		case facts.OriginParameter:
			raise(rules.Error)
			switch {
			case e.Loader != nil:
				problems = append(problems, "runs a file whose name the loader `"+e.Loader.Def.Name+"` is not always given as a literal")
				for _, lc := range e.Loader.Calls {
					if !lc.IsText {
						rel = append(rel, relatedAt(p, lc.Node, "called without a literal file name"))
					}
				}
			default:
				problems = append(problems, "runs text that comes from the parameter `"+strings.TrimSpace(e.TextNode.Text())+"`")
				rel = append(rel, relatedAt(p, e.TextNode, "the parameter"))
			}
		default:
			raise(rules.Warning)
			problems = append(problems, "runs text built at run time; evaluate a literal or a file of the connector read with `Extension.Contents`")
			if !e.TextNode.IsNull() {
				rel = append(rel, relatedAt(p, e.TextNode, "the text"))
			}
		}
		switch e.Env {
		case facts.OriginShared, facts.OriginSharedConcat, facts.OriginRecord, facts.OriginNone:
		default:
			raise(rules.Warning)
			env := "an environment pqcert cannot check"
			if !e.EnvNode.IsNull() {
				env = "the environment `" + short(e.EnvNode) + "`"
			}
			problems = append(problems, "evaluates in "+env+"; pass `#shared`, `#shared & [...]` or a record literal")
			if !e.EnvNode.IsNull() {
				rel = append(rel, relatedAt(p, e.EnvNode, "the environment"))
			}
		}
		if len(problems) == 0 {
			continue
		}
		f := p.ReportNode(c.Node, "`Expression.Evaluate` %s", strings.Join(problems, ", and "))
		f.Severity = sev
		f.Related = rel
	}
}

// short is a node's text on one line, cut to a readable length.
func short(n syntax.Node) string {
	t := strings.Join(strings.Fields(n.Text()), " ")
	if len(t) > 60 {
		t = t[:57] + "..."
	}
	return t
}
