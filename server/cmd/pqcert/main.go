// Command pqcert checks Power Query M custom connectors and serves them to
// editors as a language server.
//
// Usage:
//
//	pqcert <command> [arguments]
//
// Each command lives in a file of its own and registers itself in
// [commands]; this file only dispatches. Run `pqcert help` for the list.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
)

// Exit statuses shared by the commands.
const (
	exitOK       = 0 // nothing to report
	exitFindings = 1 // the input has problems (syntax errors, findings)
	exitUsage    = 2 // bad usage or unreadable input
)

// command is one subcommand. run receives the arguments after the command
// name and returns the exit status; it writes only to the given streams, so
// tests can call it in-process.
type command struct {
	name    string
	usage   string // the synopsis after "pqcert", e.g. "parse [--sexp] [--stats] PATH..."
	summary string // one line for `pqcert help`
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands holds every subcommand by name; each file adds its own in init.
var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("pqcert: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches args (without the program name) to a command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fmt.Fprintf(stdout, "usage: pqcert %s\n\n%s\n", c.usage, c.summary)
				return exitOK
			}
			fmt.Fprintf(stderr, "pqcert: unknown command %q\n", args[1])
			return exitUsage
		}
		printUsage(stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "pqcert: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: pqcert <command> [arguments]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun `pqcert help <command>` for a command's usage.")
}

// newFlagSet returns the flag set of the registered command name: it
// reports errors on stderr, and its usage is the command's synopsis and
// flags, so the synopsis is written once, in [register].
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: pqcert %s\n", commands[name].usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses fs's flags from args, allowing them between positional
// arguments (`pqcert parse a.pq --stats`), and returns the positional
// arguments. "--" ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// flag.Parse stops at the first non-flag, or after "--"; in the
		// second case everything left is positional.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
