package auth

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc110_oauth_client_secret.md
var oauthClientSecretDoc string

// OAuthClientSecret reports OAuth client secrets that ship inside the
// connector: a literal bound to a client secret name, or a file or resource
// string read for one (or a file named like a secret). It reports where the
// secret ships, not the places that use it.
var OAuthClientSecret = &rules.Rule{
	Code:     "PQC110",
	Name:     "oauth-client-secret",
	Severity: rules.Warning,
	Doc:      oauthClientSecretDoc,
	Needs:    rules.NeedsFacts,
	Run:      runOAuthClientSecret,
}

func runOAuthClientSecret(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	// readers maps Extension.Contents calls inside a client secret's value
	// to the secret's name.
	readers := map[syntax.Node]string{}
	for _, d := range in.Defs {
		switch d.Kind {
		case scope.SectionMember, scope.LetBinding, scope.RecordField:
		default:
			continue
		}
		if !clientSecretName(d.Name) || d.Value.IsNull() {
			continue
		}
		v := unparen(d.Value)
		if v.Kind() == syntax.KindTextLiteral {
			if textValue(v) != "" {
				p.ReportNode(v, "the OAuth client secret `%s` is written into the connector, where anyone can read it from the .mez; use a public client with PKCE and no secret", d.Name)
			}
			continue
		}
		for _, c := range libraryCalls(in, v, "Extension.Contents") {
			readers[c] = d.Name
		}
		// A secret kept in resources.resx ships in the .mez just the same.
		for _, c := range libraryCalls(in, v, "Extension.LoadString") {
			key := "a key"
			if args := facts.Args(c); len(args) > 0 && args[0].Kind() == syntax.KindTextLiteral {
				key = "key `" + textValue(args[0]) + "`"
			}
			p.ReportNode(c, "`%s` reads an OAuth client secret from resources.resx (%s), which ships inside the .mez where anyone can read it; use a public client with PKCE and no secret", d.Name, key)
		}
	}
	for _, c := range fs.Contents {
		file := "a file"
		if c.IsText {
			file = "`" + c.Text + "`"
		}
		if name, ok := readers[c.Node]; ok {
			p.ReportNode(c.Node, "`%s` reads an OAuth client secret from %s, which ships inside the .mez where anyone can read it; use a public client with PKCE and no secret", name, file)
			continue
		}
		if c.IsText && strings.Contains(strings.ToLower(c.Text), "secret") {
			p.ReportNode(c.Node, "`Extension.Contents(%s)` reads a secret that ships inside the .mez, where anyone can read it; use a public client with PKCE and no secret", facts.TextLiteral(c.Text))
		}
	}
}

// clientSecretName reports whether a name denotes an OAuth client secret
// (client_secret, ClientSecret, APP_SECRET, consumerSecret …).
func clientSecretName(name string) bool {
	// Every definition's name is asked about: letters and digits of an
	// ASCII name are folded on the stack; other names take the general path
	// (non-ASCII letters may lower-case to ASCII ones, as K does to k).
	var buf [64]byte
	folded := buf[:0]
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= utf8.RuneSelf:
			return secretWord(foldName(name))
		case c >= 'A' && c <= 'Z':
			folded = append(folded, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			folded = append(folded, c)
		}
	}
	return secretWord(string(folded))
}

// foldName lower-cases a name and keeps its ASCII letters and digits.
func foldName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// secretWord reports whether a folded name holds a client secret word.
func secretWord(n string) bool {
	if !strings.Contains(n, "secret") {
		return false // each word below ends in it
	}
	for _, s := range [...]string{"clientsecret", "appsecret", "applicationsecret", "consumersecret", "oauthsecret"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// libraryCalls returns the invocations of the library function name in an
// expression.
func libraryCalls(in *scope.Info, n syntax.Node, name string) []syntax.Node {
	var out []syntax.Node
	for c := range n.Descendants() {
		if c.Kind() != syntax.KindInvocationExpression {
			continue
		}
		ref := in.RefAt(c.ChildByField(syntax.FieldFunction))
		if ref != nil && ref.Def != nil && ref.Def.Kind == scope.Library && ref.Name == name {
			out = append(out, c)
		}
	}
	return out
}
