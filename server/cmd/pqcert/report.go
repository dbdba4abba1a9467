package main

// This file defines `pqcert report`: the certification readiness report of
// one connector.

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/pqcert/pqcert/server/check"
	"github.com/pqcert/pqcert/server/report"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
)

func init() {
	register(&command{
		name:    "report",
		usage:   "report PATH [--release YYYY-MM] [--format markdown|json]",
		summary: "print a connector's certification readiness report (exit status 1 when a requirement fails)",
		run:     runReport,
	})
}

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", stderr)
	release := fs.String("release", "", "target Power BI Desktop release month, YYYY-MM (default: targetRelease of .pqcert.json)")
	format := fs.String("format", "markdown", "output format: markdown or json")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(paths) != 1 {
		fs.Usage()
		return exitUsage
	}
	write := map[string]func(io.Writer, *report.Report) error{"markdown": report.WriteMarkdown, "json": report.WriteJSON}[*format]
	if write == nil {
		fmt.Fprintf(stderr, "pqcert report: unknown --format %q (markdown, json)\n", *format)
		return exitUsage
	}
	if *release != "" {
		if _, err := report.ReleaseCalendar(*release); err != nil {
			fmt.Fprintf(stderr, "pqcert report: --release: %v\n", err)
			return exitUsage
		}
	}
	if _, err := os.Stat(paths[0]); err != nil {
		fmt.Fprintf(stderr, "pqcert report: cannot read %s: %v\n", paths[0], err)
		return exitUsage
	}
	res := check.Run(paths, check.Options{Rules: all.Rules})
	for _, err := range res.Errors {
		fmt.Fprintf(stderr, "pqcert report: %v\n", err)
	}
	if len(res.Errors) > 0 {
		return exitUsage
	}
	switch len(res.Connectors) {
	case 0:
		fmt.Fprintf(stderr, "pqcert report: no connector (a folder with a .pq section document) at %s\n", paths[0])
		return exitUsage
	case 1:
	default:
		fmt.Fprintf(stderr, "pqcert report: %s holds %d connectors; name one of them:\n", paths[0], len(res.Connectors))
		for _, c := range res.Connectors {
			fmt.Fprintf(stderr, "  %s\n", res.Rel(c.Dir))
		}
		return exitUsage
	}
	c := res.Connectors[0]
	month := *release
	if month == "" && c.Config != nil {
		month = c.Config.TargetRelease
	}
	rep, err := report.Build(res.Models[0], res.Findings, report.Options{
		Release: month,
		Rules:   all.Rules,
		Config:  rules.ConfigFrom(c.Config),
		Folder:  res.Rel(c.Dir),
	})
	if err != nil {
		fmt.Fprintf(stderr, "pqcert report: %v\n", err)
		return exitUsage
	}
	if err := write(stdout, rep); err != nil {
		fmt.Fprintf(stderr, "pqcert report: %v\n", err)
		return exitUsage
	}
	if rep.Failed() {
		return exitFindings
	}
	return exitOK
}
