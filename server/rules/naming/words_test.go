package naming

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules"
)

func TestWithoutWords(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"FourthCoffeePowerBI", "FourthCoffee"},
		{"RapidApi", "Rapid"},
		{"My_API_Data", "My_Data"},
		{"Kind.ApiContents", "Kind.Contents"},
		{"Api.Contents", ""},
		{"Connector", ""},
		{"Contoso-Connector", "Contoso"},
	} {
		if got := withoutWords(c.name, rules.ForbiddenWords(c.name)); got != c.want {
			t.Errorf("withoutWords(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSecretName pins which parameter names carry a secret: judged by the
// last word, which names what the parameter is.
func TestSecretName(t *testing.T) {
	secret := []string{"password", "Password", "adminPassword", "pwd", "passwd", "secret", "client_secret",
		"clientSecret", "clientsecret", "token", "apiToken", "access_token", "BearerToken", "apikey", "apiKey",
		"api_key", "API_KEY", "key", "accessKey", "subscriptionKey", "credentials", "passphrase", "sasToken"}
	notSecret := []string{"keyword", "monkey", "keyColumn", "keyColumns", "partitionKey", "sortKey", "primaryKey",
		"tokenType", "pageToken", "continuationToken", "nextPageToken", "secretName", "passwordPolicy",
		"region", "url", "server", "database", "turnkey", "tokenizer", "keys_only"}
	for _, n := range secret {
		if !secretName(n) {
			t.Errorf("secretName(%q) = false, want true", n)
		}
	}
	for _, n := range notSecret {
		if secretName(n) {
			t.Errorf("secretName(%q) = true, want false", n)
		}
	}
}

func TestCaption(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"region", "Region"},
		{"pageSize", "Page Size"},
		{"api_key", "Api Key"},
		{"URL", "URL"},
		{"#\"data base\"", "Data Base"},
	} {
		if got := caption(c.name); got != c.want {
			t.Errorf("caption(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
