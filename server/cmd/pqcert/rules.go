package main

// This file defines `pqcert rules`: the rule list, or one rule's
// explanation.

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
)

func init() {
	register(&command{
		name:    "rules",
		usage:   "rules [CODE|NAME]",
		summary: "list the rules, or explain one (its Markdown documentation)",
		run:     runRules,
	})
}

func runRules(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("rules", stderr)
	names, err := parseArgs(fs, args)
	if err != nil {
		return exitUsage
	}
	switch len(names) {
	case 0:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, r := range all.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Code, r.Severity, r.Name, r.Summary())
		}
		tw.Flush()
		return exitOK
	case 1:
		r := lookupRule(names[0])
		if r == nil {
			fmt.Fprintf(stderr, "pqcert rules: no rule %q (run `pqcert rules` for the list)\n", names[0])
			return exitUsage
		}
		fmt.Fprintf(stdout, "# %s %s\n\nDefault severity: %s. Documentation: %s\n\n%s\n", r.Code, r.Name, r.Severity, r.DocURL(), strings.TrimSpace(r.Doc))
		return exitOK
	}
	fs.Usage()
	return exitUsage
}

// lookupRule finds a rule by code (any letter case) or name.
func lookupRule(s string) *rules.Rule {
	if r := all.ByCode(strings.ToUpper(s)); r != nil {
		return r
	}
	for _, r := range all.Rules {
		if r.Name == strings.ToLower(s) {
			return r
		}
	}
	return nil
}
