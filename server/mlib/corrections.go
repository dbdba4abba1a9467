// This file defines the corrections pqcert makes to m-library.json, which
// is kept byte-for-byte as it came (see PROVENANCE.md).

package mlib

import "fmt"

// fieldCorrection adds option fields that the source data lacks to an
// option-record parameter of a library function.
type fieldCorrection struct {
	Symbol string
	Param  string
	Fields []Field
	Reason string
}

// corrections is the whole list. Before adding an entry, confirm the name in
// Microsoft's documentation or samples, and say where in Reason.
var corrections = []fieldCorrection{
	{
		Symbol: "Web.Contents",
		Param:  "options",
		Fields: []Field{
			{Name: "ManualCredentials", Type: "nullable logical"},
			{Name: "CredentialQuery", Type: "nullable record"},
		},
		Reason: "Custom connectors pass these Web.Contents options and the engine honours them, " +
			"but the source data omits both. ManualCredentials = true stops the engine from " +
			"adding the connector's credential to the request itself (the SDK's authentication " +
			"docs tell Key connectors to set it); CredentialQuery holds the query fields that " +
			"carry credentials (certified connectors pass it next to ManualCredentials). The " +
			"certification article spells it CredentialQueryString, a name the engine does not " +
			"know, so that spelling is not added.",
	},
}

// applyCorrections adds the corrections to the parsed symbols. It fails when
// an entry no longer fits the data (the symbol or parameter is gone, or the
// field is already there), so that updating m-library.json brings the table
// up for review.
func applyCorrections(byName map[string]*Symbol) error {
	for _, c := range corrections {
		s := byName[c.Symbol]
		if s == nil {
			return fmt.Errorf("correction for %s: no such symbol", c.Symbol)
		}
		var param *Parameter
		for i := range s.Parameters {
			if s.Parameters[i].Name == c.Param {
				param = &s.Parameters[i]
			}
		}
		if param == nil {
			return fmt.Errorf("correction for %s: no parameter %q", c.Symbol, c.Param)
		}
		for _, f := range c.Fields {
			for _, have := range param.Fields {
				if have.Name == f.Name {
					return fmt.Errorf("correction for %s: %s already has field %s", c.Symbol, c.Param, f.Name)
				}
			}
			param.Fields = append(param.Fields, f)
		}
	}
	return nil
}
