package naming

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc207_credential_parameter.md
var credentialParameterDoc string

// CredentialParameter reports data source function parameters whose names
// say they carry a secret.
var CredentialParameter = &rules.Rule{
	Code:     "PQC207",
	Name:     "credential-parameter",
	Severity: rules.Error,
	Doc:      credentialParameterDoc,
	Needs:    rules.NeedsFacts,
	Run:      runCredentialParameter,
}

func runCredentialParameter(p *rules.Pass) {
	seen := map[syntax.Node]bool{}
	for _, ds := range p.Model.Facts.DataSources {
		for _, prm := range ds.Params {
			if prm.Node.IsNull() || seen[prm.Node] || !secretName(prm.Name) {
				continue
			}
			seen[prm.Node] = true
			p.ReportNode(prm.Node, "parameter `%s` of `%s` carries a secret; secrets must come from the credential (Key, UsernamePassword or OAuth authentication) through `Extension.CurrentCredential()`, never from parameters, which are stored in queries and reports in plain text", prm.Name, ds.Name)
		}
	}
}

// secretNouns are words naming a secret whatever qualifies them
// ("password", "adminPassword", "client_secret").
var secretNouns = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "passphrase": true, "secret": true,
	"credential": true, "credentials": true,
	// The same written as one word, lower case.
	"apikey": true, "apitoken": true, "accesstoken": true, "authtoken": true, "bearertoken": true,
	"refreshtoken": true, "idtoken": true, "clientsecret": true, "appsecret": true, "secretkey": true,
	"accesskey": true, "privatekey": true, "subscriptionkey": true, "authkey": true, "sastoken": true,
}

// pagingQualifiers make "token" a position in a result, not a secret
// ("pageToken", "continuationToken").
var pagingQualifiers = map[string]bool{
	"page": true, "paging": true, "continuation": true, "next": true, "cursor": true, "sync": true,
	"resume": true, "skip": true, "delta": true, "change": true, "state": true, "batch": true,
}

// keyQualifiers make "key" a credential ("apiKey", "accessKey"); other
// keys are columns or partitions ("keyColumn", "partitionKey", "sortKey").
var keyQualifiers = map[string]bool{
	"api": true, "access": true, "secret": true, "private": true, "subscription": true, "auth": true,
	"app": true, "client": true, "account": true, "master": true, "shared": true, "developer": true,
	"license": true, "signing": true, "user": true, "service": true,
}

// secretName reports whether a parameter name says it carries a secret.
// It is judged by the name's last word, which names what the parameter is:
// "apiToken", "password" and "api_key" are secrets; "tokenType",
// "secretName", "keyword", "monkey", "keyColumn" and "pageToken" are not.
func secretName(name string) bool {
	ws := lowerWords(name)
	if len(ws) == 0 {
		return false
	}
	last := ws[len(ws)-1]
	var prev string
	if len(ws) > 1 {
		prev = ws[len(ws)-2]
	}
	switch {
	case secretNouns[last]:
		return true
	case last == "token" || last == "tokens":
		return !pagingQualifiers[prev]
	case last == "key" || last == "keys":
		return prev == "" || keyQualifiers[prev]
	}
	return false
}
