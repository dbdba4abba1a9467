package main

import (
	"context"
	"flag"
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
		usage:   "check [--format text|json] [--config FILE] [--fail-on error|warning|information] PATH...",
		summary: "check connectors against the certification rules",
		run:     runCheck,
	})
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
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
	threshold, ok := rules.ParseSeverity(*failOn)
	if !ok || threshold == rules.Off || threshold == rules.Hint {
		fmt.Fprintf(stderr, "pqcert check: --fail-on takes error, warning or information, not %q\n", *failOn)
		return exitUsage
	}
	opts := check.Options{Rules: all.Rules}
	if *configPath != "" {
		cfg, err := config.Load(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "pqcert check: %v\n", err)
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
	res := check.Run(paths, opts)
	switch *format {
	case "text":
		err = check.WriteText(stdout, res, check.TextOptions{Color: isTerminal(stdout)})
	case "json":
		err = check.WriteJSON(stdout, res)
	default:
		fmt.Fprintf(stderr, "pqcert check: unknown --format %q (text, json)\n", *format)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "pqcert check: %v\n", err)
		return exitUsage
	}
	if len(res.Connectors) == 0 {
		fmt.Fprintf(stderr, "pqcert check: no connector (a folder with a .pq section document) under %v\n", paths)
		return exitUsage
	}
	if res.Failed(threshold) {
		return exitFindings
	}
	return exitOK
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
