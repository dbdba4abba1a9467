package resources_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/resources"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no findings, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) { ruletest.RunConnectors(t, resources.Rules) }
