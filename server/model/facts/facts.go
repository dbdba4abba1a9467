// Package facts collects what a connector declares: its section, version,
// data source functions and their kinds, kind records, publish records,
// documented function types, resource strings, files it loads, tracing and
// Expression.Evaluate calls. Call [Collect] after name resolution; values are
// followed through let bindings, record fields, section members and the
// connector's own functions, not only literal positions (see [Deref]).
package facts

import (
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// Facts are the connector facts of one connector.
type Facts struct {
	// Section is the section_document node; null without one.
	Section syntax.Node
	// SectionName and SectionNameNode: the section's name.
	SectionName     string
	SectionNameNode syntax.Node
	// SectionAttributes are the literal attributes above `section`.
	SectionAttributes []*Attribute
	// Version is the Version attribute, or nil.
	Version *Attribute
	// Members are the section members with their attributes.
	Members []*Member
	// DataSources are the members with a DataSource.Kind attribute.
	DataSources []*DataSource
	// Kinds are the data source kinds, in order of first declaration.
	Kinds []*Kind
	// Publishes are the publish records named by Publish attributes.
	Publishes []*Publish
	// LoadStrings are the Extension.LoadString calls.
	LoadStrings []*Call
	// Contents are the Extension.Contents calls.
	Contents []*Call
	// Diagnostics are the calls of Diagnostics.* functions.
	Diagnostics []*Call
	// Evaluates are the Expression.Evaluate calls.
	Evaluates []*Call
	// Modules map section members to the helper module they are bound to
	// through a loader (`X = Extension.LoadFunction("X.pqm")`).
	Modules map[*scope.Def]*syntax.File
}

// Attribute is one field of a literal attribute record.
type Attribute struct {
	Name string
	// Field is the record_field; NameNode and Value its children.
	Field, NameNode, Value syntax.Node
	// Text is the value of a text literal (unescaped), else "".
	Text string
	// IsText reports whether the value is a text literal.
	IsText bool
}

// Member is a section member.
type Member struct {
	Def *scope.Def
	// Attributes is the member's literal attribute record, or null.
	AttributeRecord syntax.Node
	Attributes      []*Attribute
}

// Attr returns the member's attribute of that name, or nil.
func (m *Member) Attr(name string) *Attribute {
	for _, a := range m.Attributes {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Param is a parameter of a data source function.
type Param struct {
	Name     string
	Node     syntax.Node // the parameter node of the implementation, or of the type
	Optional bool
	// Type is the parameter's declared type as written (`text`, `Uri.Type`), "" when untyped.
	Type string
	// DataSourcePath is false when the documented type marks the parameter
	// `DataSource.Path = false`.
	DataSourcePath bool
	// Doc is the parameter's Documentation.* metadata in the documented
	// type: field name -> value node.
	Doc map[string]syntax.Node
}

// DataSource is a data source function: a member with DataSource.Kind.
type DataSource struct {
	Member *Member
	Name   string
	// Kind is the DataSource.Kind value; KindAttr its attribute.
	Kind     string
	KindAttr *Attribute
	// PublishAttr is the Publish attribute, or nil; Publish the record it
	// names, or nil when it names nothing usable.
	PublishAttr *Attribute
	Publish     *Publish
	// Function is the function_expression implementing it (behind
	// Value.ReplaceType and let indirections), or null.
	Function syntax.Node
	// Type is the documented function_type (`type function (…) as …`), or
	// null; TypeMeta is the record of the `meta` on it, or null.
	Type     syntax.Node
	TypeMeta syntax.Node
	// ReplaceType is the Value.ReplaceType invocation, or null.
	ReplaceType syntax.Node
	// Params are the parameters, from the documented type when there is
	// one, else from the implementation.
	Params []*Param
	// Returns is the declared return type as written ("" if none).
	Returns string
	// ReturnsNode is the return type's node, or null.
	ReturnsNode syntax.Node
}

// RequiredPath returns the required parameters that are part of the data
// source path.
func (d *DataSource) RequiredPath() []*Param {
	var out []*Param
	for _, p := range d.Params {
		if !p.Optional && p.DataSourcePath {
			out = append(out, p)
		}
	}
	return out
}

// Kind is a data source kind and its kind record.
type Kind struct {
	Name string
	// Member is the member named like the kind, or nil.
	Member *Member
	// Record is the kind record (record_expression) behind the member, or null.
	Record syntax.Node
	// Fields are the kind record's fields by name (record_field nodes).
	Fields map[string]syntax.Node
	// DataSources are the kind's data source functions.
	DataSources []*DataSource
	// Auth are the authentication kinds declared, by name (Key, OAuth, …),
	// each the record_field node; AuthRecord is the Authentication record.
	Auth       map[string]syntax.Node
	AuthRecord syntax.Node
}

// Publish is a publish record.
type Publish struct {
	Name   string
	Member *Member
	// Record is the record_expression behind the member, or null.
	Record syntax.Node
	Fields map[string]syntax.Node
	// DataSources name this record in their Publish attribute.
	DataSources []*DataSource
}

// Call is a call of a library function of interest.
type Call struct {
	File *syntax.File
	// Node is the invocation_expression; Function its function name node.
	Node syntax.Node
	// Name is the called function's name.
	Name string
	// Args are the argument nodes.
	Args []syntax.Node
	// Text is the first argument's text when it is a text literal
	// (or derefs to one); IsText reports whether it is.
	Text   string
	IsText bool
	// Member is the section member the call stands in, or nil (modules).
	Member *Member
}

// Collect gathers the facts of a connector after name resolution.
func Collect(c *workspace.Connector, in *scope.Info) *Facts {
	col := &collector{c: c, in: in, f: &Facts{Modules: map[*scope.Def]*syntax.File{}}}
	col.run()
	return col.f
}
