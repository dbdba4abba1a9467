package ide

// This file knows the shapes of records: the option records of library
// functions, the records a connector declares (kind, publish,
// authentication, icons), documentation metadata, and records the
// connector builds itself, so that completion after `[` proposes fields.

import (
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// fieldSpec is a field a record may have.
type fieldSpec struct {
	Name, Type, Doc string
	// Insert is the snippet to insert instead of `Name = `.
	Insert string
}

// roleKind says what a record literal is for.
type roleKind uint8

const (
	roleUnknown     roleKind = iota
	roleOptions              // an option record argument of a library function
	roleDocFunction          // metadata of a function type
	roleDocParam             // metadata of a parameter type
	roleDocAny               // metadata of a type that may be either
	roleKindRecord           // a data source kind record
	rolePublish              // a publish record
	roleAuth                 // a kind record's Authentication record
	roleAuthKind             // one authentication kind's record
	roleIcons                // an icon record (SourceImage, SourceTypeImage)
	roleExample              // an item of Documentation.Examples
)

// recordRole is what a record literal under construction is, as far as
// its context says.
type recordRole struct {
	kind roleKind
	// name is the member's name (kind and publish records), the
	// authentication kind, or the library function.
	name string
	// options are the library function's option fields.
	options []mlib.Field
}

// Field tables, from Microsoft's connector documentation (Handling data
// access, Handling authentication, Adding function documentation).
var (
	kindRecordFields = []fieldSpec{
		{Name: "Authentication", Type: "record", Doc: "The authentication kinds the data source supports; at least one."},
		{Name: "Label", Type: "text", Doc: "(optional) The display name in credential dialogs."},
		{Name: "SupportsEncryption", Type: "logical", Doc: "(optional) Offer an encrypted connection in the UI."},
		{Name: "TestConnection", Type: "function", Doc: "The handler the gateway calls to test a connection: it returns the data source function's name and arguments. Certification requires it."},
	}
	publishFields = []fieldSpec{
		{Name: "ButtonText", Type: "list", Doc: "The name shown in Get Data and its tooltip: `{name, help}`."},
		{Name: "Category", Type: "text", Doc: "Where Get Data lists the connector (`Azure`, `Database`, `Online Services`, `Other` …)."},
		{Name: "Beta", Type: "logical", Doc: "(optional) Marks the connector as preview (beta) in Get Data."},
		{Name: "LearnMoreUrl", Type: "text", Doc: "(optional) The address of the connector's documentation."},
		{Name: "SupportsDirectQuery", Type: "logical", Doc: "(optional) Enables DirectQuery."},
		{Name: "SourceImage", Type: "record", Doc: "(optional) The icons: `[Icon16 = {…}, Icon32 = {…}]`."},
		{Name: "SourceTypeImage", Type: "record", Doc: "(optional) The icons of the source type; often the same record as SourceImage."},
		{Name: "NativeQueryProperties", Type: "record", Doc: "(optional) Native query support."},
	}
	authKindNames = []fieldSpec{
		{Name: "OAuth", Type: "record", Doc: "OAuth 2.0: StartLogin, FinishLogin, Refresh, Logout, Label."},
		{Name: "Aad", Type: "record", Doc: "Microsoft Entra ID (Azure AD): AuthorizationUri, Resource."},
		{Name: "Key", Type: "record", Doc: "An API key: KeyLabel, Label."},
		{Name: "UsernamePassword", Type: "record", Doc: "User name and password: UsernameLabel, PasswordLabel, Label."},
		{Name: "Windows", Type: "record", Doc: "Windows credentials: UsernameLabel, PasswordLabel, Label."},
		{Name: "Anonymous", Type: "record", Doc: "No credentials."},
		{Name: "Implicit", Type: "record", Doc: "No credentials (another name of Anonymous)."},
	}
	authKindFields = map[string][]fieldSpec{
		"OAuth": {
			{Name: "StartLogin", Type: "function", Doc: "`(resourceUrl, state, display) => [LoginUri, CallbackUri, WindowHeight, WindowWidth, Context]`"},
			{Name: "FinishLogin", Type: "function", Doc: "`(context, callbackUri, state) =>` the token record"},
			{Name: "Refresh", Type: "function", Doc: "(optional) `(resourceUrl, refreshToken) =>` a new token record"},
			{Name: "Logout", Type: "function", Doc: "(optional) `(accessToken) =>` the logout address"},
			{Name: "Label", Type: "text", Doc: "(optional) Replaces the kind's default label."},
		},
		"Aad": {
			{Name: "AuthorizationUri", Type: "text or function", Doc: "The Entra ID authorization endpoint."},
			{Name: "Resource", Type: "text or function", Doc: "The Entra ID resource of the service."},
			{Name: "Label", Type: "text", Doc: "(optional) Replaces the kind's default label."},
		},
		"Key": {
			{Name: "KeyLabel", Type: "text", Doc: "(optional) Replaces the label of the API key box."},
			{Name: "Label", Type: "text", Doc: "(optional) Replaces the kind's default label."},
		},
		"UsernamePassword": {
			{Name: "UsernameLabel", Type: "text", Doc: "(optional) Replaces the label of the user name box."},
			{Name: "PasswordLabel", Type: "text", Doc: "(optional) Replaces the label of the password box."},
			{Name: "Label", Type: "text", Doc: "(optional) Replaces the kind's default label."},
		},
		"Windows": {
			{Name: "UsernameLabel", Type: "text", Doc: "(optional) Replaces the label of the user name box."},
			{Name: "PasswordLabel", Type: "text", Doc: "(optional) Replaces the label of the password box."},
			{Name: "Label", Type: "text", Doc: "(optional) Replaces the kind's default label."},
		},
	}
	iconFields = []fieldSpec{
		{Name: "Icon16", Type: "list", Doc: "Four images, 16, 20, 24 and 32 pixels: `Extension.Contents(\"Name16.png\")` …"},
		{Name: "Icon32", Type: "list", Doc: "Four images, 32, 40, 48 and 64 pixels."},
	}
	docFunctionFields = []fieldSpec{
		{Name: "Documentation.Name", Type: "text", Doc: "The title of the function's invocation dialog."},
		{Name: "Documentation.LongDescription", Type: "text", Doc: "The full description shown in the function's information."},
		{Name: "Documentation.Examples", Type: "list", Doc: "Examples: records with Description, Code and Result.", Insert: "Documentation.Examples = {[Description = $1, Code = $2, Result = $3]}"},
	}
	docParamFields = []fieldSpec{
		{Name: "Documentation.FieldCaption", Type: "text", Doc: "The parameter's display name."},
		{Name: "Documentation.FieldDescription", Type: "text", Doc: "The description shown next to the parameter."},
		{Name: "Documentation.SampleValues", Type: "list", Doc: "Sample values shown faded in the input box."},
		{Name: "Documentation.AllowedValues", Type: "list", Doc: "The values to choose from (a drop-down list)."},
		{Name: "Formatting.IsMultiLine", Type: "logical", Doc: "A multi-line input box."},
		{Name: "Formatting.IsCode", Type: "logical", Doc: "An input box for code."},
		{Name: "DataSource.Path", Type: "logical", Doc: "`false` keeps a required parameter out of the data source path (the credential key)."},
	}
	exampleFields = []fieldSpec{
		{Name: "Description", Type: "text", Doc: "What the example shows."},
		{Name: "Code", Type: "text", Doc: "The example's M code."},
		{Name: "Result", Type: "text", Doc: "What the example returns."},
	}
	credentialFields = []fieldSpec{
		{Name: "AuthenticationKind", Type: "text", Doc: "The kind of the credential (OAuth, Key …)."},
		{Name: "Username", Type: "text", Doc: "UsernamePassword, Windows."},
		{Name: "Password", Type: "text", Doc: "Key, UsernamePassword, Windows."},
		{Name: "Key", Type: "text", Doc: "The API key (Key)."},
		{Name: "access_token", Type: "text", Doc: "The OAuth access token."},
		{Name: "Properties", Type: "record", Doc: "Other properties of an OAuth credential (refresh_token …)."},
		{Name: "EncryptConnection", Type: "logical", Doc: "Whether an encrypted connection is required."},
	}
	uriPartsFields = []fieldSpec{
		{Name: "Scheme", Type: "text"}, {Name: "Host", Type: "text"}, {Name: "Port", Type: "number"},
		{Name: "Path", Type: "text"}, {Name: "Query", Type: "record"}, {Name: "Fragment", Type: "text"},
		{Name: "UserName", Type: "text"}, {Name: "Password", Type: "text"},
	}
)

// fields returns the fields a record of the role may have.
func (r recordRole) fields(s *Snapshot) []fieldSpec {
	switch r.kind {
	case roleOptions:
		out := make([]fieldSpec, 0, len(r.options))
		for _, f := range r.options {
			doc := "An option of `" + r.name + "`"
			if f.Required {
				doc += " (required)"
			}
			out = append(out, fieldSpec{Name: f.Name, Type: f.Type, Doc: doc + "."})
		}
		return out
	case roleDocFunction:
		return docFunctionFields
	case roleDocParam:
		return docParamFields
	case roleDocAny:
		return append(append([]fieldSpec(nil), docFunctionFields...), docParamFields...)
	case roleKindRecord:
		out := make([]fieldSpec, len(kindRecordFields))
		copy(out, kindRecordFields)
		for i := range out {
			if out[i].Name == "TestConnection" {
				fn := r.name + ".Contents"
				if ds := s.dataSourceOfKind(r.name); ds != "" {
					fn = ds
				}
				out[i].Insert = "TestConnection = (dataSourcePath) => {\"" + snippetEscape(fn) + "\", dataSourcePath}$0"
			}
		}
		return out
	case rolePublish:
		return publishFields
	case roleAuth:
		out := make([]fieldSpec, len(authKindNames))
		copy(out, authKindNames)
		for i := range out {
			out[i].Insert = out[i].Name + " = [$0]"
		}
		return out
	case roleAuthKind:
		return authKindFields[r.name]
	case roleIcons:
		return iconFields
	case roleExample:
		return exampleFields
	}
	return nil
}

// dataSourceOfKind returns the first data source function of a kind, from
// the current attributes, or "".
func (s *Snapshot) dataSourceOfKind(kind string) string {
	for _, m := range s.connectorRoles().members {
		if m.kind == kind {
			return m.name
		}
	}
	return ""
}

// recordRole works out what the record opened by chain[i] (a `[`) is, from
// the tokens before it and the brackets around it.
func (s *Snapshot) recordRole(f *syntax.File, chain []bracket, i int) recordRole {
	open := chain[i].open
	before := prevToken(open)
	switch before.Kind() {
	case syntax.KindKwMeta:
		for _, outer := range chain[i+1:] {
			if outer.open.Kind() == syntax.KindTokLParen && prevToken(outer.open).Kind() == syntax.KindKwFunction {
				return recordRole{kind: roleDocParam}
			}
		}
		if isFunctionType(before) {
			return recordRole{kind: roleDocFunction}
		}
		return recordRole{kind: roleDocAny}
	case syntax.KindTokEqual:
		name := prevToken(before)
		if !isNameKind(name.Kind()) {
			return recordRole{}
		}
		field := scope.Name(name)
		if i+1 == len(chain) {
			return s.memberRole(field)
		}
		if chain[i+1].open.Kind() == syntax.KindTokLBracket {
			return childRole(s.recordRole(f, chain, i+1), field)
		}
	case syntax.KindTokLParen, syntax.KindTokComma, syntax.KindTokLBrace:
		if i+1 == len(chain) {
			return recordRole{}
		}
		outer := chain[i+1]
		switch outer.open.Kind() {
		case syntax.KindTokLParen:
			callee := prevToken(outer.open)
			if callee.Kind() != syntax.KindIdentifier {
				return recordRole{}
			}
			def := s.lookup(f, callee, callee.Text(), false)
			if def == nil || def.Kind != scope.Library || def.Symbol == nil || outer.commas >= len(def.Symbol.Parameters) {
				return recordRole{}
			}
			if p := def.Symbol.Parameters[outer.commas]; len(p.Fields) > 0 {
				return recordRole{kind: roleOptions, name: def.Name, options: p.Fields}
			}
		case syntax.KindTokLBrace:
			eq := prevToken(outer.open)
			if eq.Kind() == syntax.KindTokEqual && isNameKind(prevToken(eq).Kind()) && scope.Name(prevToken(eq)) == "Documentation.Examples" {
				return recordRole{kind: roleExample}
			}
		}
	}
	return recordRole{}
}

// isFunctionType reports whether the type before a `meta` token is a
// function type: `function (…) as T meta`.
func isFunctionType(meta syntax.Node) bool {
	n := prevToken(meta)
	for i := 0; !n.IsNull() && i < 64; i++ {
		switch n.Kind() {
		case syntax.KindKwAs:
			p := prevToken(n)
			return p.Kind() == syntax.KindTokRParen && prevToken(matchingOpen(p)).Kind() == syntax.KindKwFunction
		case syntax.KindTokRParen, syntax.KindTokRBracket, syntax.KindTokRBrace:
			n = matchingOpen(n)
		case syntax.KindTokLParen, syntax.KindTokLBracket, syntax.KindTokLBrace, syntax.KindTokComma, syntax.KindTokEqual:
			return false
		}
		n = prevToken(n)
	}
	return false
}

// childRole is the role of the record value of field inside a record of
// role parent.
func childRole(parent recordRole, field string) recordRole {
	switch parent.kind {
	case roleKindRecord:
		if field == "Authentication" {
			return recordRole{kind: roleAuth}
		}
	case roleAuth:
		if _, ok := authKindFields[field]; ok {
			return recordRole{kind: roleAuthKind, name: field}
		}
	case rolePublish:
		if field == "SourceImage" || field == "SourceTypeImage" {
			return recordRole{kind: roleIcons}
		}
	}
	return recordRole{}
}

// memberRole is the role of a section member's record value, from what the
// connector's attributes name.
func (s *Snapshot) memberRole(name string) recordRole {
	cr := s.connectorRoles()
	switch {
	case cr.kinds[name]:
		return recordRole{kind: roleKindRecord, name: name}
	case cr.publishes[name]:
		return recordRole{kind: rolePublish, name: name}
	case cr.icons[name]:
		return recordRole{kind: roleIcons, name: name}
	}
	return recordRole{}
}

// connectorRoles are the names a connector's attributes give roles: kind
// records, publish records, and the icon records publish records use.
type connectorRoles struct {
	kinds, publishes, icons map[string]bool
	// members are the data source functions with their kinds.
	members []struct{ name, kind string }
}

func (s *Snapshot) connectorRoles() *connectorRoles {
	s.rolesOnce.Do(func() {
		cr := &connectorRoles{kinds: map[string]bool{}, publishes: map[string]bool{}, icons: map[string]bool{}}
		members, list, _ := s.sectionMembers()
		for _, d := range list {
			attrs := d.Node.ChildByField(syntax.FieldAttributes)
			fields := facts.RecordFields(attrs)
			if v := fields["DataSource.Kind"].ChildByField(syntax.FieldValue); v.Kind() == syntax.KindTextLiteral {
				kind := facts.TextValue(v)
				cr.kinds[kind] = true
				cr.members = append(cr.members, struct{ name, kind string }{d.Name, kind})
			}
			if v := fields["Publish"].ChildByField(syntax.FieldValue); v.Kind() == syntax.KindTextLiteral {
				cr.publishes[facts.TextValue(v)] = true
			}
		}
		if fs := s.Model.Facts; fs != nil {
			for _, k := range fs.Kinds {
				cr.kinds[k.Name] = true
			}
			for _, p := range fs.Publishes {
				cr.publishes[p.Name] = true
			}
		}
		for name := range cr.publishes {
			d := members[name]
			if d == nil || d.Value.Kind() != syntax.KindRecordExpression {
				continue
			}
			for k, fld := range facts.RecordFields(d.Value) {
				v := fld.ChildByField(syntax.FieldValue)
				if (k == "SourceImage" || k == "SourceTypeImage") && v.Kind() == syntax.KindIdentifierExpression {
					cr.icons[scope.Name(v.ChildByField(syntax.FieldName))] = true
				}
			}
		}
		s.roles = cr
	})
	return s.roles
}

// accessedFields returns the fields of the record that the expression
// ending with token before evaluates to, when it can be seen: a record the
// connector builds, the credential record, or Uri.Parts.
func (s *Snapshot) accessedFields(f *syntax.File, before syntax.Node) []fieldSpec {
	switch {
	case isNameKind(before.Kind()):
		def := s.lookup(f, before, scope.Name(before), false)
		if def == nil || def.File == nil || def.Value.IsNull() {
			return nil
		}
		return recordFieldSpecs(s.recordOf(def.File, def.Value))
	case before.Kind() == syntax.KindTokRParen:
		open := matchingOpen(before)
		callee := prevToken(open)
		if callee.Kind() != syntax.KindIdentifier {
			return nil
		}
		switch callee.Text() {
		case "Extension.CurrentCredential":
			return credentialFields
		case "Uri.Parts":
			return uriPartsFields
		}
		def := s.lookup(f, callee, callee.Text(), false)
		if def == nil || def.File == nil {
			return nil
		}
		if fn, file := s.functionOf(def.File, def.Value); !fn.IsNull() {
			return recordFieldSpecs(s.recordOf(file, fn.ChildByField(syntax.FieldBody)))
		}
	}
	return nil
}

// recordOf follows an expression on the current trees (names,
// parentheses, let bodies) to a record literal, or null.
func (s *Snapshot) recordOf(f *syntax.File, n syntax.Node) syntax.Node {
	rec, _ := s.follow(f, n, syntax.KindRecordExpression, false)
	return rec
}

func recordFieldSpecs(rec syntax.Node) []fieldSpec {
	if rec.IsNull() {
		return nil
	}
	var out []fieldSpec
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		name := fld.ChildByField(syntax.FieldName)
		if name.IsNull() {
			continue
		}
		out = append(out, fieldSpec{Name: scope.Name(name), Doc: "`" + truncate(firstLine(oneLineKeep(fld.Text())), 100) + "`"})
	}
	return out
}

// oneLineKeep trims surrounding blanks.
func oneLineKeep(t string) string { return strings.TrimSpace(t) }

// presentFields returns the names of the fields already in the record
// whose `[` is open.
func (s *Snapshot) presentFields(f *syntax.File, open syntax.Node, off int) map[string]bool {
	out := map[string]bool{}
	rec := open.Parent()
	if rec.Kind() != syntax.KindRecordExpression {
		return out
	}
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		if name := fld.ChildByField(syntax.FieldName); !name.IsNull() && !(name.Start() <= off && off <= name.End()) {
			out[scope.Name(name)] = true
		}
	}
	return out
}

// fieldItems proposes fields that match the prefix and are not present.
func (s *Snapshot) fieldItems(specs []fieldSpec, prefix string, replace document.Span, present map[string]bool) *CompletionList {
	list := &CompletionList{}
	for i, sp := range specs {
		if present[sp.Name] || !matches(sp.Name, prefix) {
			continue
		}
		insert := sp.Insert
		if insert == "" {
			insert = snippetEscape(sp.Name) + " = $0"
		}
		list.Items = append(list.Items, CompletionItem{Label: sp.Name, Kind: CompleteField, Detail: sp.Type,
			Documentation: sp.Doc, InsertText: insert, Snippet: true, Replace: replace,
			SortText: string(rune('a'+i/26)) + string(rune('a'+i%26)), FilterText: sp.Name})
	}
	return list
}

// snippetEscape escapes the characters LSP snippets reserve.
func snippetEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`)
	return r.Replace(s)
}
