// Package model is the semantic model of a connector: what every rule and
// editor feature asks of the code, answered once. Call [Build] with a loaded
// connector; the [Model] holds the parsed files, name resolution (package
// scope), connector facts (package facts) and value flow (package flow).
package model

import (
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// Model is the immutable semantic model of one connector.
type Model struct {
	Connector *workspace.Connector
	// Main is the section document's parse, nil without one.
	Main *syntax.File
	// Modules are the helper modules' parses.
	Modules []*syntax.File
	Scope   *scope.Info
	Facts   *facts.Facts
	Flow    *flow.Result

	// invocations and recordFields are the nodes of two kinds many rules
	// look for: one walk over the files instead of one per rule.
	invocations, recordFields []syntax.Node
}

// Options configure a build.
type Options struct {
	// Known are extra names to accept as defined, beyond the connector's
	// configuration.
	Known []string
}

// Build builds the model of a connector.
func Build(c *workspace.Connector, opts Options) *Model {
	m := &Model{Connector: c}
	if c.Main != nil {
		m.Main = c.Main.File
	}
	for _, mod := range c.Modules {
		m.Modules = append(m.Modules, mod.File)
	}
	known := append([]string(nil), opts.Known...)
	if c.Config != nil {
		known = append(known, c.Config.KnownIdentifiers...)
	}
	m.Scope = scope.Resolve(m.Main, m.Modules, scope.Options{Known: known})
	m.Facts = facts.Collect(c, m.Scope)
	m.Flow = flow.Analyze(m.Scope, m.Facts)
	m.index()
	return m
}

// Files returns every parsed M file: the section document first.
func (m *Model) Files() []*syntax.File {
	var out []*syntax.File
	if m.Main != nil {
		out = append(out, m.Main)
	}
	return append(out, m.Modules...)
}

// PathOf returns the path of a parsed file of the connector, or "".
func (m *Model) PathOf(f *syntax.File) string {
	c := m.Connector
	if c.Main != nil && c.Main.File == f {
		return c.Main.Path
	}
	for _, sf := range c.Modules {
		if sf.File == f {
			return sf.Path
		}
	}
	return ""
}

// Invocations returns every invocation_expression of the M files, in the
// order of Files and in document order within each file. The slice is
// shared: do not change it.
func (m *Model) Invocations() []syntax.Node { return m.invocations }

// RecordFields returns every record_field of the M files (of record
// expressions, attribute records and ERROR regions alike), in the order of
// Files and in document order within each file. The slice is shared: do
// not change it.
func (m *Model) RecordFields() []syntax.Node { return m.recordFields }

// indexKinds are the kinds index lists.
var indexKinds = func() []bool {
	kinds := make([]bool, max(syntax.KindInvocationExpression, syntax.KindRecordField)+1)
	kinds[syntax.KindInvocationExpression], kinds[syntax.KindRecordField] = true, true
	return kinds
}()

// index lists the invocations and record fields. A first scan counts
// them, so that each list is allocated once at its size: on a large
// connector, growing them by appending allocated several times their size.
func (m *Model) index() {
	files := m.Files()
	calls, fields := 0, 0
	for _, f := range files {
		f.Scan(indexKinds, func(n syntax.Node) {
			if n.Kind() == syntax.KindInvocationExpression {
				calls++
			} else {
				fields++
			}
		})
	}
	m.invocations = make([]syntax.Node, 0, calls)
	m.recordFields = make([]syntax.Node, 0, fields)
	for _, f := range files {
		f.Scan(indexKinds, func(n syntax.Node) {
			if n.Kind() == syntax.KindInvocationExpression {
				m.invocations = append(m.invocations, n)
			} else {
				m.recordFields = append(m.recordFields, n)
			}
		})
	}
}
