// Package facts collects what a connector declares: its section, version,
// data source functions and their kinds, kind records, publish records,
// documented function types, navigation tables, resource strings, files it
// loads, helper modules, tracing and Expression.Evaluate calls. Call
// [Collect] after name resolution.
//
// Values are followed through let bindings, record fields (also of records
// merged with `&`), section members, calls of the connector's own functions
// and helper modules bound to members, not only literal positions: use
// [Facts.Deref] for that, or the package-level [Deref] for name resolution
// alone.
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
	// LoadStrings are the Extension.LoadString calls, and the calls of
	// loaders that pass their argument on to Extension.LoadString (Via set).
	LoadStrings []*Call
	// Contents are the Extension.Contents calls, and the calls of loaders
	// that pass their argument on to Extension.Contents (Via set): every
	// one with a literal name (IsText) is a use of that file.
	Contents []*Call
	// Diagnostics are the calls of (and other references to) Diagnostics.*
	// library functions, in the section and in helper modules, each with
	// its Guard.
	Diagnostics []*Call
	// Evaluates are the Expression.Evaluate calls, each with its Eval.
	Evaluates []*Call
	// Modules map section members to the helper module they are bound to
	// through a loader (`X = Extension.LoadFunction("X.pqm")`).
	Modules map[*scope.Def]*syntax.File
	// ModuleBindings are the members bound to helper modules, also those
	// whose file is missing.
	ModuleBindings []*ModuleBinding
	// Loaders are the connector's functions that pass a parameter on to
	// Extension.Contents or Extension.LoadString.
	Loaders []*Loader

	in        *scope.Info
	byDef     map[*scope.Def]*Member
	bindingOf map[*syntax.File][]*ModuleBinding
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
	// Module is the helper module binding of the member, or nil.
	Module *ModuleBinding
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

// Name returns the member's name.
func (m *Member) Name() string { return m.Def.Name }

// Param is a parameter of a data source function.
type Param struct {
	Name     string
	Node     syntax.Node // the parameter node of the implementation, or of the type
	Optional bool
	// Type is the parameter's declared type as written (`text`, `Uri.Type`,
	// `type nullable number`), "" when untyped.
	Type string
	// DataSourcePath is false when the documented type marks the parameter
	// `DataSource.Path = false`.
	DataSourcePath bool
	// Doc is the parameter's metadata in the documented type
	// (Documentation.*, DataSource.Path): field name -> value node.
	Doc map[string]syntax.Node
	// Impl is the implementation's parameter node of the same position, or
	// null (no implementation found, or fewer parameters).
	Impl syntax.Node
}

// IsURI reports whether the parameter is declared `Uri.Type`.
func (p *Param) IsURI() bool { return baseType(p.Type) == "Uri.Type" }

// IsText reports whether the parameter is declared text (nullable or not).
func (p *Param) IsText() bool { return baseType(p.Type) == "text" }

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
	// TypeDoc are TypeMeta's fields (Documentation.Name, …): name -> value.
	TypeDoc map[string]syntax.Node
	// ReplaceType is the Value.ReplaceType invocation, or null.
	ReplaceType syntax.Node
	// Params are the parameters, from the documented type when there is
	// one, else from the implementation.
	Params []*Param
	// Returns is the declared return type as written ("" if none).
	Returns string
	// ReturnsNode is the return type's node, or null.
	ReturnsNode syntax.Node
	// Nav says whether the function returns a navigation table.
	Nav Navigation
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

// Shared reports whether the function is a shared member.
func (d *DataSource) Shared() bool { return d.Member.Def.Shared }

// Documented reports whether the function has a documented type with some
// Documentation.* metadata.
func (d *DataSource) Documented() bool {
	for name := range d.TypeDoc {
		if len(name) > len("Documentation.") && name[:len("Documentation.")] == "Documentation." {
			return true
		}
	}
	return false
}

// NavKind says what a data source function returns, as far as navigation
// goes.
type NavKind uint8

const (
	// NavUnknown: the result could not be followed (a parameter's function,
	// a helper that is not part of the connector).
	NavUnknown NavKind = iota
	// NavNone: the result is something else (a plain table, a record …).
	NavNone
	// NavTable: the result of Table.ToNavigationTable (defined in the
	// section or loaded from a module).
	NavTable
	// NavMetadata: a table whose type carries NavigationTable.* metadata.
	NavMetadata
	// NavSource: the result of a source that navigates by itself
	// (Odbc.DataSource, OData.Feed, Sql.Database …).
	NavSource
)

var navKindNames = [...]string{"unknown", "none", "Table.ToNavigationTable", "NavigationTable metadata", "navigating source"}

func (k NavKind) String() string {
	if int(k) < len(navKindNames) {
		return navKindNames[k]
	}
	return "?"
}

// Navigation is what a data source function returns.
type Navigation struct {
	Kind NavKind
	// Node is the expression that decided Kind: the Table.ToNavigationTable
	// or source call, the metadata record, or the expression that is no
	// navigation table; null for NavUnknown without a node.
	Node syntax.Node
	// Name is the function called at Node, when it is a call.
	Name string
}

// IsNavigation reports whether the result is a navigation table or a
// source that navigates by itself.
func (n Navigation) IsNavigation() bool {
	return n.Kind == NavTable || n.Kind == NavMetadata || n.Kind == NavSource
}

// Value is a record field's value, followed to the expression that gives it.
type Value struct {
	Name string
	// Field is the record_field node; Node its value as written; Expr the
	// value followed by Facts.Deref.
	Field, Node, Expr syntax.Node
	// Text and IsText: Expr is a text literal.
	Text   string
	IsText bool
	// Bool and IsBool: Expr is a logical literal.
	Bool   bool
	IsBool bool
	// IsList: Expr is a list literal; Items its items as written.
	IsList bool
	Items  []syntax.Node
	// IsRecord: Expr is a record literal (or literals merged with `&`);
	// Fields its fields by name.
	IsRecord bool
	Fields   map[string]syntax.Node
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
	// AuthKinds are the authentication kinds in declaration order, each
	// with its record.
	AuthKinds []*AuthKind
	// TestConnection is the TestConnection handler, or nil.
	TestConnection *TestConnection
	// Label and SupportsEncryption are those fields, or nil.
	Label, SupportsEncryption *Value
}

// AuthKind is one authentication kind of a kind record.
type AuthKind struct {
	// Name is the kind (OAuth, Key …); Field the record_field node.
	Name  string
	Field syntax.Node
	// Value is the kind's value followed; Record is it when it is a record
	// (Fields by name), else null.
	Value  syntax.Node
	Record syntax.Node
	Fields map[string]syntax.Node
}

// Credentialed reports whether the engine has a credential to add to the
// kind's requests: some authentication kind other than Anonymous or
// Implicit. known is false when the Authentication record could not be
// read.
func (k *Kind) Credentialed() (credentialed, known bool) {
	if k.AuthRecord.IsNull() {
		return false, false
	}
	for _, a := range k.AuthKinds {
		if a.Name != "Anonymous" && a.Name != "Implicit" {
			return true, true
		}
	}
	return false, true
}

// TestConnection is a kind record's TestConnection handler.
type TestConnection struct {
	// Field is the record_field; Value its value as written.
	Field, Value syntax.Node
	// Function is the function_expression (or each_expression) the value
	// follows to, or null.
	Function syntax.Node
	// Params is the handler's parameter count (-1 when Function is null).
	Params int
	// Body is the function's body followed through lets and names.
	Body syntax.Node
	// IsList reports that Body is a list literal; Items are its items as
	// written. Dynamic reports a body built in other ways (`&`, calls).
	IsList  bool
	Items   []syntax.Node
	Dynamic bool
}

// Publish is a publish record.
type Publish struct {
	Name   string
	Member *Member
	// Record is the record_expression behind the member (the last literal
	// when records are merged with `&`), or null.
	Record syntax.Node
	Fields map[string]syntax.Node
	// DataSources name this record in their Publish attribute.
	DataSources []*DataSource
	// The documented fields, each nil when absent.
	Beta, Category, ButtonText, LearnMoreUrl, SupportsDirectQuery, NativeQueryProperties *Value
	// SourceImage and SourceTypeImage are the icon records, nil when absent.
	SourceImage, SourceTypeImage *Icons
}

// Icons is an icon record (SourceImage, SourceTypeImage).
type Icons struct {
	Value *Value
	// Icon16 and Icon32 are the icon lists, nil when absent.
	Icon16, Icon32 *IconList
}

// IconList is an icon record's list of images.
type IconList struct {
	Value *Value
	// Images are the list's items; nil when Value is not a list literal.
	Images []*Image
}

// Image is one item of an icon list.
type Image struct {
	// Node is the item as written; Call the Extension.Contents call (or
	// loader call) it follows to, or null.
	Node, Call syntax.Node
	// File is the file name when Call takes a literal; IsText reports it.
	File   string
	IsText bool
}

// Call is a call of a library function of interest.
type Call struct {
	File *syntax.File
	// Node is the invocation_expression, or for a Reference the
	// identifier_expression.
	Node syntax.Node
	// Name is the called function's name.
	Name string
	// Args are the argument nodes.
	Args []syntax.Node
	// Text is the name argument's text when it is a text literal (or
	// follows to one); IsText reports whether it is. The name argument is
	// the first, or for a loader call the loader's parameter.
	Text   string
	IsText bool
	// Member is the section member the call stands in, or nil (modules).
	Member *Member
	// Reference reports a library function referenced without a call
	// (bound or passed as a value).
	Reference bool
	// Via is the loader called, for a call of a loader; InLoader is the
	// loader whose parameter this call takes, for the call inside it.
	Via, InLoader *Loader
	// Guard is set on Diagnostics calls.
	Guard *Guard
	// Eval is set on Expression.Evaluate calls.
	Eval *Eval
}

// Loader is a connector function that passes one of its parameters on to
// Extension.Contents or Extension.LoadString (maybe through another
// loader): each of its calls with a literal is a use of that file or key.
type Loader struct {
	// Def is the member or binding whose value is the function.
	Def      *scope.Def
	Function syntax.Node
	// Param is the index of the parameter passed on; ParamDef its definition.
	Param    int
	ParamDef *scope.Def
	// Target is "Extension.Contents" or "Extension.LoadString".
	Target string
	// Inner are the calls inside the function that take the parameter.
	Inner []*Call
	// Calls are the loader's calls.
	Calls []*Call
	// AllLiteral reports that the function is only ever called, each time
	// with a literal.
	AllLiteral bool
	// Evaluates reports a module loader: the function evaluates what it
	// reads with Expression.Evaluate.
	Evaluates bool
}

// ModuleBinding is a member bound to a helper module.
type ModuleBinding struct {
	Member *Member
	// FileName is the module's name as written; File its parse and Path its
	// path, nil and "" when the connector has no such module.
	FileName string
	File     *syntax.File
	Path     string
	// Call is the loader call or Expression.Evaluate call that loads it.
	Call syntax.Node
}

// GuardKind says how a Diagnostics call is guarded.
type GuardKind uint8

const (
	// Unguarded: the call runs whenever the code around it runs.
	Unguarded GuardKind = iota
	// ByFlag: the call runs only when a boolean member is true.
	ByFlag
	// ErrorPath: a TraceLevel.Error or Critical trace on the way to an error.
	ErrorPath
	// Unreached: nothing in the connector reaches the call.
	Unreached
)

var guardKindNames = [...]string{"unguarded", "guarded by a flag", "on an error path", "unreached"}

func (k GuardKind) String() string {
	if int(k) < len(guardKindNames) {
		return guardKindNames[k]
	}
	return "?"
}

// Guard says under what condition a Diagnostics call runs.
type Guard struct {
	Kind GuardKind
	// Flag is the boolean member of a ByFlag guard; Condition the `if`
	// condition that tests it.
	Flag      *Member
	Condition syntax.Node
	// FlagValue is the flag's value followed; FlagLiteral reports that it
	// is a logical literal, FlagFalse that it is `false`.
	FlagValue   syntax.Node
	FlagLiteral bool
	FlagFalse   bool
	// Via are the members the call stands in whose every reference is
	// guarded (or module bindings, for calls in helper modules), innermost
	// first; empty when the `if` stands around the call itself.
	Via []*Member
	// Unguarded are, for an Unguarded call reached through references, the
	// references that reach it without a flag.
	Unguarded []*scope.Ref
}

// Origin says where the text an Expression.Evaluate call evaluates, or its
// environment, comes from.
type Origin uint8

const (
	// OriginOther: built some other way.
	OriginOther Origin = iota
	// OriginLiteral: a text literal.
	OriginLiteral
	// OriginContents: Text.FromBinary(Extension.Contents("literal")).
	OriginContents
	// OriginLoader: Text.FromBinary(Extension.Contents(p)) where p is the
	// parameter of a loader that every caller gives a literal.
	OriginLoader
	// OriginParameter: derives from a function parameter.
	OriginParameter
	// OriginResponse: derives from a web response.
	OriginResponse
	// OriginShared: the environment `#shared`.
	OriginShared
	// OriginSharedConcat: the environment `#shared & [...]`.
	OriginSharedConcat
	// OriginRecord: the environment is a record literal.
	OriginRecord
	// OriginNone: no environment argument (the empty environment).
	OriginNone
)

var originNames = [...]string{"other", "literal", "Extension.Contents literal", "loader given literals",
	"function parameter", "web response", "#shared", "#shared & record", "record literal", "none"}

func (o Origin) String() string {
	if int(o) < len(originNames) {
		return originNames[o]
	}
	return "?"
}

// Eval is what an Expression.Evaluate call evaluates and in what environment.
type Eval struct {
	// Text is the origin of the evaluated text; TextNode the expression it
	// was decided at (the literal, the Extension.Contents call, the
	// parameter reference, the web request …).
	Text     Origin
	TextNode syntax.Node
	// Env is the origin of the environment; EnvNode decided it. A loader
	// parameter given #shared (or the like) by every caller counts as that.
	Env     Origin
	EnvNode syntax.Node
	// Loader is the loader the call stands in, for OriginLoader.
	Loader *Loader
	// Files are the file names evaluated: the literal, or each literal the
	// loader is called with.
	Files []string
}

// Collect gathers the facts of a connector after name resolution.
func Collect(c *workspace.Connector, in *scope.Info) *Facts {
	f := &Facts{Modules: map[*scope.Def]*syntax.File{}, in: in,
		byDef: map[*scope.Def]*Member{}, bindingOf: map[*syntax.File][]*ModuleBinding{}}
	col := &collector{c: c, in: in, f: f}
	col.run()
	return f
}

// MemberOf returns the member of a section member definition, or nil.
func (f *Facts) MemberOf(d *scope.Def) *Member { return f.byDef[d] }

// Member returns the section member of that name, or nil.
func (f *Facts) Member(name string) *Member {
	if f.in == nil {
		return nil
	}
	return f.byDef[f.in.Member(name)]
}

// Kind returns the kind of that name, or nil.
func (f *Facts) Kind(name string) *Kind {
	for _, k := range f.Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// DataSource returns the data source function of that name, or nil.
func (f *Facts) DataSource(name string) *DataSource {
	for _, d := range f.DataSources {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// BindingsOf returns the members bound to a helper module's file.
func (f *Facts) BindingsOf(file *syntax.File) []*ModuleBinding { return f.bindingOf[file] }
