package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/pqcert/pqcert/server/lsp"
)

func init() {
	register(&command{
		name:    "serve",
		usage:   "serve [--stdio]",
		summary: "run the language server over standard input and output",
		run:     runServe,
	})
}

// stdio joins standard input and output into the server's stream.
type stdio struct {
	in  io.ReadCloser
	out io.WriteCloser
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error {
	err := s.in.Close()
	if e := s.out.Close(); err == nil {
		err = e
	}
	return err
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "speak LSP over standard input and output (the only transport)")
	if _, err := parseArgs(fs, args); err != nil {
		return exitUsage
	}
	logger := log.New(stderr, "pqcert: ", log.LstdFlags)
	// The protocol owns stdout; nothing else may write there.
	var out io.WriteCloser = os.Stdout
	if w, ok := stdout.(io.WriteCloser); ok {
		out = w
	}
	err := lsp.Serve(ctx, stdio{in: os.Stdin, out: out}, lsp.Options{Logger: logger})
	switch {
	case errors.Is(err, lsp.ErrExitWithoutShutdown):
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "pqcert serve: %v\n", err)
		return 1
	}
	return 0
}
