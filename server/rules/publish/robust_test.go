package publish_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/publish"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// Broken, cyclic and odd code gives findings or nothing, never an
// internal error (a panic the engine caught) and never a hang.
func TestOddCode(t *testing.T) { ruletest.RunOddCode(t, publish.Rules, ruletest.OddCode) }
