package tree_sitter_powerquery_test

import (
	"testing"

	tree_sitter "github.com/smacker/go-tree-sitter"
	"github.com/tree-sitter/tree-sitter-powerquery"
)

func TestCanLoadGrammar(t *testing.T) {
	language := tree_sitter.NewLanguage(tree_sitter_powerquery.Language())
	if language == nil {
		t.Errorf("Error loading Powerquery grammar")
	}
}
