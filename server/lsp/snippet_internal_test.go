package lsp

import "testing"

func TestPlainSnippet(t *testing.T) {
	for in, want := range map[string]string{
		"shared ${1:Name}.Contents = (${2:url} as text) => $0;": "shared Name.Contents = (url as text) => ;",
		"a ${1} b $12 c":        "a  b  c",
		`cost \$5 \} done`:      "cost $5 } done",
		"[Beta = ${1:true}]":    "[Beta = true]",
		"no snippets here {x}":  "no snippets here {x}",
		"${1:outer ${2:inner}}": "outer inner",
	} {
		if got := plainSnippet(in); got != want {
			t.Errorf("plainSnippet(%q) = %q, want %q", in, got, want)
		}
	}
}
