// Command mkmez builds the .mez files of the test connectors in
// testdata/connectors. A .mez is a zip of the connector's files; mkmez puts
// in the section document (NAME.pq), the helper modules (*.pqm),
// resources.resx and the icons (*.png) found in -dir, plus the files named by
// -extra, with fixed timestamps and sorted entries so that a rebuild gives the
// same bytes.
//
// Usage:
//
//	mkmez -dir DIR -name NAME [-o FILE] [-extra FILE]... [-omit FILE]... [-slip FILE]...
//	mkmez -empty -o FILE
//
// -o defaults to DIR/NAME.mez. The broken variants that PQC602 must report
// come from -omit (leave a file out) and -slip (add the file a second time
// under the entry name "../FILE", an entry that escapes the archive's folder).
// -empty writes an empty but valid zip, used as the placeholder .pbix test
// report.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// stamp is the modification time of every entry, so builds are reproducible.
var stamp = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// fileList collects repeated flag values.
type fileList []string

func (l *fileList) String() string     { return strings.Join(*l, ",") }
func (l *fileList) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mkmez:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("mkmez", flag.ContinueOnError)
	dir := fs.String("dir", ".", "connector folder")
	name := fs.String("name", "", "section document name without .pq, e.g. ContosoDesk")
	out := fs.String("o", "", "output file (default DIR/NAME.mez)")
	empty := fs.Bool("empty", false, "write an empty zip (placeholder .pbix) to -o")
	var extra, omit, slip fileList
	fs.Var(&extra, "extra", "another file of DIR to include, e.g. client_id (repeatable)")
	fs.Var(&omit, "omit", "a file to leave out (repeatable)")
	fs.Var(&slip, "slip", "a file to add again as the entry ../FILE (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *empty {
		if *out == "" {
			return errors.New("-empty needs -o")
		}
		return writeZip(*out, nil)
	}
	if *name == "" {
		return errors.New("-name is required")
	}
	if *out == "" {
		*out = filepath.Join(*dir, *name+".mez")
	}

	files, err := connectorFiles(*dir, *name, extra)
	if err != nil {
		return err
	}
	for _, o := range omit {
		i := slices.Index(files, o)
		if i < 0 {
			return fmt.Errorf("-omit %s: no such file in the archive", o)
		}
		files = slices.Delete(files, i, i+1)
	}
	var entries []entry
	for _, f := range files {
		entries = append(entries, entry{name: f, source: filepath.Join(*dir, f)})
	}
	for _, s := range slip {
		entries = append(entries, entry{name: "../" + s, source: filepath.Join(*dir, s)})
	}
	return writeZip(*out, entries)
}

// connectorFiles lists, sorted, the files of dir that go into the .mez.
func connectorFiles(dir, name string, extra []string) ([]string, error) {
	infos, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	section := name + ".pq"
	var files []string
	found := false
	for _, info := range infos {
		f := info.Name()
		if info.IsDir() {
			continue
		}
		switch {
		case f == section:
			found = true
			files = append(files, f)
		case f == "resources.resx", strings.HasSuffix(f, ".pqm"), strings.HasSuffix(f, ".png"):
			files = append(files, f)
		}
	}
	if !found {
		return nil, fmt.Errorf("no section document %s in %s", section, dir)
	}
	for _, e := range extra {
		if _, err := os.Stat(filepath.Join(dir, e)); err != nil {
			return nil, fmt.Errorf("-extra %s: %w", e, err)
		}
		if !slices.Contains(files, e) {
			files = append(files, e)
		}
	}
	slices.Sort(files)
	return files, nil
}

type entry struct {
	name   string // name inside the archive
	source string // file on disk
}

func writeZip(path string, entries []entry) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		if err = addEntry(zw, e); err != nil {
			break
		}
	}
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func addEntry(zw *zip.Writer, e entry) error {
	src, err := os.Open(e.source)
	if err != nil {
		return err
	}
	defer src.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: stamp})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
}
