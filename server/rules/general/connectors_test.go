package general_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/general"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no finding, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) { ruletest.RunConnectors(t, general.Rules) }

// TestBrokenCode runs the family over every prefix (in steps) of the test
// connectors' section documents: code cut anywhere gives findings or none,
// never a failing rule.
func TestBrokenCode(t *testing.T) { ruletest.RunConnectorPrefixes(t, general.Rules, 127) }
