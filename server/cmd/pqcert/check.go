package main

// This file defines `pqcert check`: findings of connectors in text, JSON,
// SARIF or GitHub workflow commands, and `--fix`.

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/pqcert/pqcert/server/check"
	"github.com/pqcert/pqcert/server/config"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
)

func init() {
	register(&command{
		name:    "check",
		usage:   "check [--format text|json|sarif|github] [--fix] [--config FILE] [--fail-on error|warning|information] PATH...",
		summary: "check connectors against the certification rules",
		run:     runCheck,
	})
}

// checkWriters render a check's findings by --format.
var checkWriters = map[string]func(io.Writer, *check.Result) error{
	"text": func(w io.Writer, res *check.Result) error {
		return check.WriteText(w, res, check.TextOptions{Color: isTerminal(w)})
	},
	"json":   check.WriteJSON,
	"sarif":  check.WriteSARIF,
	"github": check.WriteGitHub,
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	fix := fs.Bool("fix", false, "apply the safe fixes to the files, then report what remains")
	configPath := fs.String("config", "", "a .pqcert.json to lay over each connector's own")
	failOn := fs.String("fail-on", "error", "lowest severity that makes the exit status 1: error, warning or information")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "pqcert check: no PATH given")
		return exitUsage
	}
	write, ok := checkWriters[*format]
	if !ok {
		fmt.Fprintf(stderr, "pqcert check: unknown --format %q (text, json, sarif, github)\n", *format)
		return exitUsage
	}
	threshold, ok := rules.ParseSeverity(*failOn)
	if !ok || threshold == rules.Off || threshold == rules.Hint {
		fmt.Fprintf(stderr, "pqcert check: --fail-on takes error, warning or information, not %q\n", *failOn)
		return exitUsage
	}
	opts := check.Options{Rules: all.Rules}
	if *configPath != "" {
		cfg, err := config.Load(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "pqcert check: %s: %v\n", *configPath, err)
			return exitUsage
		}
		opts.Config = cfg
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			fmt.Fprintf(stderr, "pqcert check: cannot read %s: %v\n", p, err)
			return exitUsage
		}
	}
	var res *check.Result
	if *fix {
		var rep *check.FixReport
		res, rep = check.RunFix(paths, opts)
		for _, err := range rep.Errors {
			fmt.Fprintf(stderr, "pqcert check: %v\n", err)
		}
		// The fix summary goes where it cannot spoil machine-read output.
		fixOut := stdout
		if *format != "text" {
			fixOut = stderr
		}
		fmt.Fprintf(fixOut, "fixed %d finding%s in %d file%s\n", rep.Fixed, plural(rep.Fixed), len(rep.Files), plural(len(rep.Files)))
	} else {
		res = check.Run(paths, opts)
	}
	if err := write(stdout, res); err != nil {
		fmt.Fprintf(stderr, "pqcert check: %v\n", err)
		return exitUsage
	}
	status := exitOK
	if res.Failed(threshold) {
		status = exitFindings
	}
	for _, err := range res.Errors {
		fmt.Fprintf(stderr, "pqcert check: %v\n", err)
		status = exitUsage
	}
	if len(res.Connectors) == 0 {
		fmt.Fprintf(stderr, "pqcert check: no connector (a folder with a .pq section document) under %v\n", paths)
		return exitUsage
	}
	return status
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// isTerminal reports whether w is a character device (colours only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
