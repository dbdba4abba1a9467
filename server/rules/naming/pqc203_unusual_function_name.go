package naming

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc203_unusual_function_name.md
var unusualFunctionNameDoc string

// UnusualFunctionName reports data source functions whose FunctionName
// part does not name what they return: a verb (GetData) or a placeholder
// (Function, Impl, Test).
var UnusualFunctionName = &rules.Rule{
	Code:     "PQC203",
	Name:     "unusual-function-name",
	Severity: rules.Information,
	Doc:      unusualFunctionNameDoc,
	Needs:    rules.NeedsFacts,
	Run:      runUnusualFunctionName,
}

// leadingVerbs open names that say what a function does rather than what
// it returns. Words that are also nouns of common data ("Build", "Pull"
// as in PullRequests, "Call" as in CallRecords, "Load", "Run", "List")
// are left out.
var leadingVerbs = map[string]bool{
	"get": true, "fetch": true, "retrieve": true, "invoke": true, "execute": true, "exec": true,
	"do": true, "create": true, "connect": true,
}

// placeholderNames say nothing about the data.
var placeholderNames = map[string]bool{
	"data": true, "function": true, "func": true, "fn": true, "impl": true, "implementation": true,
	"main": true, "test": true, "tests": true, "helper": true, "method": true, "handler": true,
	"temp": true, "tmp": true, "foo": true, "bar": true, "connection": true, "connector": true,
	"api": true, "get": true, "fetch": true, "retrieve": true, "invoke": true, "execute": true,
	"exec": true, "do": true, "run": true, "call": true, "load": true, "go": true,
}

// usualNames are the article's examples and the names of the library's own
// data source functions, offered in messages.
const usualNames = "Contents, Tables, Database, Databases, Document, Feed, Files, Query, View, Views"

func runUnusualFunctionName(p *rules.Pass) {
	for _, ds := range p.Model.Facts.DataSources {
		fn := functionPart(ds.Name)
		words := lowerWords(fn)
		why := ""
		switch {
		case len(words) == 0:
			why = "has no words"
		case placeholderNames[strings.Join(words, "")]:
			why = "is a placeholder"
		case leadingVerbs[words[0]]:
			why = "says what the function does, not what it returns"
		}
		if why == "" {
			continue
		}
		p.ReportNode(ds.Member.Def.NameNode, "the FunctionName `%s` of `%s` %s; data source functions are named for the data they return (%s …)", fn, ds.Name, why, usualNames)
	}
}
