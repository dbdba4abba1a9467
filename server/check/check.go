// Package check is the batch driver behind `pqcert check`: it finds the
// connectors under the given paths, builds each model, runs the rules,
// applies safe fixes on request and renders the findings as text, JSON,
// SARIF or GitHub workflow commands. Call [Run], then a Write function.
package check

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/pqcert/pqcert/server/config"
	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/workspace"
)

// Options configure a check.
type Options struct {
	// Rules to run (normally all.Rules).
	Rules []*rules.Rule
	// Config, when set, is laid over each connector's .pqcert.json.
	Config *config.Config
}

// Result is the outcome of a check.
type Result struct {
	// Connectors are the connectors checked, by folder.
	Connectors []*workspace.Connector
	// Models are the connectors' models, in the same order.
	Models []*model.Model
	// Findings of all connectors, sorted by file, offset and code.
	Findings []rules.Finding
	// Files are the texts of the files findings and fixes refer to, decoded,
	// with their encodings, for positions and for writing fixes back.
	Files map[string]*File
	// Errors are unreadable inputs, each naming its file.
	Errors []error
	// Rules are the rules that ran (for SARIF's rule list).
	Rules []*rules.Rule

	wd string // the working directory paths are shown relative to
}

// File is a file a finding or fix refers to.
type File struct {
	Path     string
	Text     []byte
	Encoding document.Encoding
	mapper   *document.Mapper
}

// Mapper returns the file's position mapper.
func (f *File) Mapper() *document.Mapper {
	if f.mapper == nil {
		f.mapper = document.NewMapper(f.Text)
	}
	return f.mapper
}

// Run checks the connectors at or under paths.
func Run(paths []string, opts Options) *Result {
	res := &Result{Files: map[string]*File{}, Rules: opts.Rules}
	res.wd, _ = os.Getwd()
	dirs, err := workspace.Discover(paths)
	if err != nil {
		res.Errors = append(res.Errors, err)
	}
	type outcome struct {
		c        *workspace.Connector
		m        *model.Model
		findings []rules.Finding
		err      error
	}
	outs := make([]outcome, len(dirs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, dir := range dirs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c, err := workspace.Load(dir, workspace.Disk{})
			if err != nil || c == nil {
				outs[i] = outcome{err: err}
				return
			}
			if opts.Config != nil {
				c.Config = c.Config.Merge(opts.Config)
			}
			m := model.Build(c, model.Options{})
			outs[i] = outcome{c: c, m: m, findings: rules.Run(m, opts.Rules, rules.ConfigFrom(c.Config))}
		}()
	}
	wg.Wait()
	for _, o := range outs {
		if o.err != nil {
			res.Errors = append(res.Errors, o.err)
		}
		if o.c == nil {
			continue
		}
		res.Errors = append(res.Errors, o.c.Errors...)
		res.Connectors = append(res.Connectors, o.c)
		res.Models = append(res.Models, o.m)
		res.Findings = append(res.Findings, o.findings...)
		res.addFiles(o.c)
	}
	for _, f := range res.Findings {
		res.file(f.File)
		for _, r := range f.Related {
			res.file(r.File)
		}
	}
	rules.Sort(res.Findings)
	return res
}

func (res *Result) addFiles(c *workspace.Connector) {
	for _, f := range c.Files() {
		res.Files[f.Path] = &File{Path: f.Path, Text: f.File.Text(), Encoding: f.Encoding}
	}
	if c.Resx != nil {
		res.Files[c.Resx.Path] = &File{Path: c.Resx.Path, Text: c.Resx.Text, Encoding: c.Resx.Encoding}
	}
}

// file returns the file at path, reading it from disk if needed (binary
// files such as icons and packages get an empty text: positions there are
// 1:1).
func (res *Result) file(path string) *File {
	if path == "" {
		return &File{}
	}
	if f := res.Files[path]; f != nil {
		return f
	}
	f := &File{Path: path}
	switch filepath.Ext(path) {
	case ".pq", ".pqm", ".m", ".resx", ".json", ".md", ".txt":
		if raw, err := os.ReadFile(path); err == nil {
			if text, enc, err := document.Decode(raw); err == nil {
				f.Text, f.Encoding = text, enc
			}
		}
	}
	res.Files[path] = f
	return f
}

// Position returns the 1-based line and UTF-16 column of an offset of a file.
func (res *Result) Position(path string, off int) (line, col int) {
	return res.file(path).Mapper().LineCol(off)
}

// Count returns the number of findings at each severity.
func (res *Result) Count() map[rules.Severity]int {
	out := map[rules.Severity]int{}
	for _, f := range res.Findings {
		out[f.Severity]++
	}
	return out
}

// Failed reports whether any finding reaches the severity.
func (res *Result) Failed(at rules.Severity) bool {
	for _, f := range res.Findings {
		if f.Severity >= at {
			return true
		}
	}
	return false
}

// FilesWithFindings returns the paths with findings, sorted.
func (res *Result) FilesWithFindings() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range res.Findings {
		if !seen[f.File] {
			seen[f.File] = true
			out = append(out, f.File)
		}
	}
	sort.Strings(out)
	return out
}

// Rel returns path relative to the working directory of the check, with
// forward slashes (the absolute path when there is no relative one).
func (res *Result) Rel(path string) string {
	if path == "" || res.wd == "" {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(res.wd, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}
