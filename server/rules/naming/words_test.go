package naming

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitWords(t *testing.T) {
	for _, c := range []struct {
		name string
		want string
	}{
		{"FourthCoffeePowerBI", "Fourth Coffee Power BI"},
		{"RapidApi.Contents", "Rapid Api Contents"},
		{"HTTPServer", "HTTP Server"},
		{"RapidAPIs", "Rapid APIs"},
		{"APIsConnector", "APIs Connector"},
		{"api_key", "api key"},
		{"Power-BI Data", "Power BI Data"},
		{"Odata4Feed", "Odata 4 Feed"},
		{"monkey", "monkey"},
		{"#\"data base\"", "data base"},
		{"ÄpfelÖl", "Äpfel Öl"},
		{"", ""},
	} {
		var got []string
		for _, w := range splitWords(c.name) {
			if c.name[w.Start:w.End] != w.Text {
				t.Errorf("%q: span %d-%d is %q, not %q", c.name, w.Start, w.End, c.name[w.Start:w.End], w.Text)
			}
			got = append(got, w.Text)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("splitWords(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestForbiddenWords pins the article's words as words of a name: an API
// that is a word of a product name (HexagonSmartApi) is reported like any
// other, letters inside a word (Capital, Rapidapi) are not.
func TestForbiddenWords(t *testing.T) {
	for _, c := range []struct {
		name string
		want []string
	}{
		{"RapidApi.Contents", []string{"API"}},
		{"Rapid.Contents", nil},
		{"HexagonSmartApi", []string{"API"}},
		{"Rapidapi", nil},
		{"Capital", nil},
		{"Fabrikam", nil},
		{"FabricLakehouse", []string{"Fabric"}},
		{"FourthCoffeePowerBI", []string{"Power BI"}},
		{"powerbi_export", []string{"Power BI"}},
		{"Power_Bi", []string{"Power BI"}},
		{"PowerApps", nil},
		{"BIPower", nil},
		{"MyConnector", []string{"Connector"}},
		{"CONNECTORS", []string{"Connector"}},
		{"APIsHub", []string{"API"}},
		{"Api_Connector", []string{"API", "Connector"}},
	} {
		var got []string
		for _, h := range forbiddenWords(c.name) {
			got = append(got, h.Word)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("forbiddenWords(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

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
		if got := withoutWords(c.name, forbiddenWords(c.name)); got != c.want {
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
