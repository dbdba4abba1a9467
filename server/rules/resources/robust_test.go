package resources_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/resources"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// Broken, cyclic and odd code gives findings or nothing, never an
// internal error (a panic the engine caught) and never a hang: the shared
// odd code, and loaders and resources.resx files of their own.
func TestOddCode(t *testing.T) {
	ruletest.RunOddCode(t, resources.Rules, ruletest.OddCode, map[string]string{
		"loaders":    "section K;\nL = (k) => M(k);\nM = (k) => L(k) & Extension.LoadString(k);\nX = L(\"a\");\nY = Extension.LoadString(Extension.LoadString(\"b\"));",
		"empty resx": "section K;\nX = Extension.LoadString(\"a\");\n-- resources.resx --\n",
		"bad resx":   "section K;\nX = Extension.LoadString(\"a\");\n-- resources.resx --\n<root><data><value>x</value></data>",
		"resx data":  "section K;\n[DataSource.Kind = \"K\"]\nshared K.Contents = () => 1;\nK = [Label = \"x\"];\n-- resources.resx --\n<root/>",
	})
}
