// Package workspace finds connectors on disk and loads their files: the
// section document, helper modules, resources.resx, icons, built packages
// and configuration. Call [Discover] with paths to find connectors and
// [Load] to read one; a [Source] lets the language server lay open editor
// buffers (and their already-parsed trees) over the disk.
package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/config"
	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/syntax"
)

// Source gives the current contents of files.
type Source interface {
	// ReadFile returns the file's bytes as stored (the open buffer's text,
	// or the disk's bytes).
	ReadFile(path string) ([]byte, error)
	// Parsed returns the parsed file of an open M document, or nil.
	Parsed(path string) *syntax.File
}

// Disk reads files from disk and parses nothing in advance.
type Disk struct{}

func (Disk) ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }
func (Disk) Parsed(string) *syntax.File           { return nil }

// SourceFile is an M file of a connector.
type SourceFile struct {
	Path string // absolute, clean
	// Encoding is the file's encoding on disk, kept so that fixes write the
	// file back as it was.
	Encoding document.Encoding
	File     *syntax.File
}

// ResxFile is a connector's resources.resx.
type ResxFile struct {
	Path     string
	Encoding document.Encoding
	Text     []byte // decoded
	Parsed   *resx.File
}

// Connector is a folder holding one section document and what belongs to it.
type Connector struct {
	Dir string
	// Main is the section document (Name.pq, or .m); nil when the folder has
	// none that parses as one (then MainCandidates lists what was tried).
	Main           *SourceFile
	MainCandidates []string
	// Modules are the helper modules (*.pqm) in the folder and its
	// subfolders.
	Modules []*SourceFile
	// Resx is resources.resx, nil when absent.
	Resx *ResxFile
	// Images, Mez, Pbix and Docs are files by kind, anywhere under Dir
	// (not inside a nested connector), absolute paths, sorted.
	Images []string
	Mez    []string
	Pbix   []string
	Docs   []string // README and instruction documents
	// Config is the merged .pqcert.json (defaults when there is none).
	Config *config.Config
	// Errors are files that could not be read.
	Errors []error
}

// Files returns the M files: the section document first, then modules.
func (c *Connector) Files() []*SourceFile {
	var out []*SourceFile
	if c.Main != nil {
		out = append(out, c.Main)
	}
	return append(out, c.Modules...)
}

// FileByPath returns the connector's M file at path, or nil.
func (c *Connector) FileByPath(path string) *SourceFile {
	for _, f := range c.Files() {
		if f.Path == path {
			return f
		}
	}
	return nil
}

// FindFile returns the file of the connector whose base name is name
// (case-insensitively, as Extension.Contents finds files in a .mez), or "".
func (c *Connector) FindFile(name string) string {
	name = filepath.Base(filepath.FromSlash(strings.ReplaceAll(name, `\`, "/")))
	for _, list := range [][]string{c.Images, c.Docs, c.Mez, c.Pbix} {
		for _, p := range list {
			if strings.EqualFold(filepath.Base(p), name) {
				return p
			}
		}
	}
	for _, f := range c.Files() {
		if strings.EqualFold(filepath.Base(f.Path), name) {
			return f.Path
		}
	}
	if c.Resx != nil && strings.EqualFold(filepath.Base(c.Resx.Path), name) {
		return c.Resx.Path
	}
	return ""
}

// IsMFile reports whether a path names an M source file.
func IsMFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pq", ".pqm", ".m":
		return true
	}
	return false
}

// isTestDocument reports unit-test section documents, which are not connectors.
func isTestDocument(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), ".query.pq")
}

// Discover finds the connector folders at or under the given paths. A path
// that is a file stands for the folder holding it. Folders named
// node_modules, .git and bin/obj build output are skipped.
func Discover(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var dirs []string
	var errs []error
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		info, err := os.Stat(abs)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", p, err))
			continue
		}
		if !info.IsDir() {
			d := filepath.Dir(abs)
			if !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
			continue
		}
		err = filepath.WalkDir(abs, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if e.IsDir() {
				switch e.Name() {
				case "node_modules", ".git", "obj", ".vs", ".vscode":
					if path != abs {
						return filepath.SkipDir
					}
				}
				return nil
			}
			if IsMFile(path) && !strings.EqualFold(filepath.Ext(path), ".pqm") && !isTestDocument(path) {
				d := filepath.Dir(path)
				if !seen[d] {
					seen[d] = true
					dirs = append(dirs, d)
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	sort.Strings(dirs)
	return dirs, errors.Join(errs...)
}

// Load reads the connector in dir. It returns nil (and no error) when dir
// holds no section document candidate.
func Load(dir string, src Source) (*Connector, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c := &Connector{Dir: dir}
	var mains []string
	err = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			c.Errors = append(c.Errors, err)
			return nil
		}
		if e.IsDir() {
			if path == dir {
				return nil
			}
			switch e.Name() {
			case "node_modules", ".git", "obj", ".vs", ".vscode":
				return filepath.SkipDir
			}
			if holdsSectionCandidate(path) {
				// A nested connector is a connector of its own.
				return filepath.SkipDir
			}
			return nil
		}
		name := strings.ToLower(e.Name())
		ext := filepath.Ext(name)
		switch {
		case ext == ".pqm":
			if f := c.loadM(path, src); f != nil {
				c.Modules = append(c.Modules, f)
			}
		case (ext == ".pq" || ext == ".m") && filepath.Dir(path) == dir && !isTestDocument(path):
			mains = append(mains, path)
		case name == "resources.resx" && filepath.Dir(path) == dir:
			c.loadResx(path, src)
		case ext == ".png":
			c.Images = append(c.Images, path)
		case ext == ".mez":
			c.Mez = append(c.Mez, path)
		case ext == ".pbix":
			c.Pbix = append(c.Pbix, path)
		case isDocument(name):
			c.Docs = append(c.Docs, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(mains) == 0 {
		return nil, nil
	}
	c.MainCandidates = mains
	c.Main = c.chooseMain(mains, src)
	if path, ok := config.Find(dir); ok {
		cfg, err := loadConfig(path, src)
		if err != nil {
			c.Errors = append(c.Errors, err)
			cfg = config.Default()
		}
		c.Config = cfg
	} else {
		c.Config = config.Default()
	}
	for _, l := range [][]string{c.Images, c.Mez, c.Pbix, c.Docs} {
		sort.Strings(l)
	}
	sort.Slice(c.Modules, func(i, j int) bool { return c.Modules[i].Path < c.Modules[j].Path })
	return c, nil
}

func loadConfig(path string, src Source) (*config.Config, error) {
	raw, err := src.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text, _, err := document.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return config.Parse(text, path)
}

// holdsSectionCandidate reports whether a folder directly holds a .pq or .m file.
func holdsSectionCandidate(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := strings.ToLower(e.Name())
		if !e.IsDir() && (strings.HasSuffix(n, ".pq") || strings.HasSuffix(n, ".m")) && !isTestDocument(n) {
			return true
		}
	}
	return false
}

// isDocument reports README and testing-instruction documents.
func isDocument(name string) bool {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	switch filepath.Ext(name) {
	case ".md", ".txt", ".docx", ".doc", ".pdf", ".html", ".rtf", "":
	default:
		return false
	}
	return strings.HasPrefix(base, "readme") || strings.Contains(base, "instruction") ||
		strings.Contains(base, "testing") || strings.Contains(base, "test-plan") || strings.Contains(base, "testplan")
}

// chooseMain picks the section document among the candidates: one that
// parses as a section document, preferring one with DataSource.Kind and one
// named like the folder.
func (c *Connector) chooseMain(mains []string, src Source) *SourceFile {
	sort.Strings(mains)
	var best *SourceFile
	bestScore := -1
	for _, p := range mains {
		f := c.loadM(p, src)
		if f == nil {
			continue
		}
		score := 0
		root := f.File.Root()
		if !root.ChildByKind(syntax.KindSectionDocument).IsNull() {
			score += 4
			if bytes.Contains(f.File.Text(), []byte("DataSource.Kind")) {
				score += 2
			}
		} else if strings.EqualFold(filepath.Ext(p), ".m") {
			continue // a .m that is no section document is not ours
		}
		if strings.EqualFold(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), filepath.Base(c.Dir)) {
			score++
		}
		if score > bestScore {
			best, bestScore = f, score
		}
	}
	return best
}

func (c *Connector) loadM(path string, src Source) *SourceFile {
	if f := src.Parsed(path); f != nil {
		return &SourceFile{Path: path, File: f}
	}
	raw, err := src.ReadFile(path)
	if err != nil {
		c.Errors = append(c.Errors, fmt.Errorf("cannot read %s: %w", path, err))
		return nil
	}
	text, enc, err := document.Decode(raw)
	if err != nil {
		c.Errors = append(c.Errors, fmt.Errorf("cannot decode %s: %w", path, err))
		return nil
	}
	doc := document.New(URIFromPath(path), 0, text)
	return &SourceFile{Path: path, Encoding: enc, File: syntax.Parse(doc, syntax.Once)}
}

func (c *Connector) loadResx(path string, src Source) {
	raw, err := src.ReadFile(path)
	if err != nil {
		c.Errors = append(c.Errors, fmt.Errorf("cannot read %s: %w", path, err))
		return
	}
	text, enc, err := document.Decode(raw)
	if err != nil {
		c.Errors = append(c.Errors, fmt.Errorf("cannot decode %s: %w", path, err))
		return
	}
	c.Resx = &ResxFile{Path: path, Encoding: enc, Text: text, Parsed: resx.Parse(text)}
}

// URIFromPath returns the file: URI of an absolute path.
func URIFromPath(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
