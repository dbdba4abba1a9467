package rules_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
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
		for _, w := range rules.SplitWords(c.name) {
			if c.name[w.Start:w.End] != w.Text {
				t.Errorf("%q: span %d-%d is %q, not %q", c.name, w.Start, w.End, c.name[w.Start:w.End], w.Text)
			}
			got = append(got, w.Text)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("SplitWords(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestForbiddenWords pins the article's words as words of a name, for
// PQC202 and PQC601 alike: an API that is a word of a product name
// (HexagonSmartApi) is reported like any other, letters inside a word
// (Capital, Rapidapi) are not.
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
		// .mez names (PQC601)
		{"Contoso", nil},
		{"RapidApi", []string{"API"}},
		{"Contoso_Power_BI", []string{"Power BI"}},
		{"PowerBIConnector", []string{"Power BI", "Connector"}},
		{"FabricAPIClient", []string{"Fabric", "API"}},
		{"Contoso-1.0.0", nil},
		{"ContosoConnectors.Fabric", []string{"Connector", "Fabric"}},
		{"PowerShell", nil},
	} {
		var got []string
		for _, h := range rules.ForbiddenWords(c.name) {
			got = append(got, h.Word)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ForbiddenWords(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDescribeForbiddenWords(t *testing.T) {
	for name, want := range map[string]string{
		"RapidApi":              `the word "API"`,
		"ApiApi":                `the word "API"`,
		"FabricApiConnectorApi": `the words "Fabric", "API" and "Connector"`,
	} {
		if got := rules.DescribeForbiddenWords(rules.ForbiddenWords(name)); got != want {
			t.Errorf("DescribeForbiddenWords(%q) = %s, want %s", name, got, want)
		}
	}
}
