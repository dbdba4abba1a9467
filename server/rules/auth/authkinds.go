package auth

import (
	"sort"
	"strings"
)

// This file lists the authentication kinds and the fields the engine reads
// from a kind record and from each authentication kind's record.

// authAliases maps the spellings the engine accepts to the kind they mean:
// Implicit is Anonymous, and the engine also reads OAuth2 and AAD.
var authAliases = map[string]string{
	"Anonymous":        "Anonymous",
	"Implicit":         "Anonymous",
	"UsernamePassword": "UsernamePassword",
	"Windows":          "Windows",
	"Key":              "Key",
	"OAuth":            "OAuth",
	"OAuth2":           "OAuth",
	"Aad":              "Aad",
	"AAD":              "Aad",
}

// documentedKinds are the authentication kinds as the documentation spells
// them, for messages.
const documentedKinds = "Aad, Anonymous (or Implicit), Key, OAuth, UsernamePassword, Windows"

// authFields are the fields of each authentication kind's record:
// handling-authentication's table, plus Description (read by the engine
// for the credential dialog).
var authFields = map[string][]string{
	"Anonymous":        {"Label", "Description"},
	"Key":              {"KeyLabel", "Label", "Description"},
	"UsernamePassword": {"UsernameLabel", "PasswordLabel", "Label", "Description"},
	"Windows":          {"UsernameLabel", "PasswordLabel", "SupportsAlternateCredentials", "Label", "Description"},
	"OAuth":            {"StartLogin", "FinishLogin", "Refresh", "Logout", "Label", "Description"},
	"Aad":              {"AuthorizationUri", "Resource", "Scope", "DefaultClientApplication", "Label", "Description"},
}

// advancedAuthFields are fields the engine reads from any authentication
// record for custom credential properties; they are not errors.
var advancedAuthFields = []string{"Properties", "ApplicationProperties"}

// kindRecordFields are the documented fields of a kind record.
var kindRecordFields = []string{"TestConnection", "Authentication", "Label", "SupportsEncryption"}

// advancedKindFields are fields the engine also reads from a kind record
// (custom data source paths, native queries, icons, DSR handlers).
var advancedKindFields = []string{
	"Type", "MakeResourcePath", "ParseResourcePath", "NativeQuery", "GetHostName",
	"Icons", "DSRHandlers", "ApplicationProperties", "Description",
}

// known renders a list of names for messages, sorted.
func known(list []string) string {
	l := append([]string(nil), list...)
	sort.Strings(l)
	return strings.Join(l, ", ")
}
