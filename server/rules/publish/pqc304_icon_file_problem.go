package publish

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc304_icon_file_problem.md
var iconFileProblemDoc string

// IconFileProblem reports icon files that are missing, not PNG images, or
// of the wrong size for their place in the icons record.
var IconFileProblem = &rules.Rule{
	Code:     "PQC304",
	Name:     "icon-file-problem",
	Severity: rules.Warning,
	Doc:      iconFileProblemDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runIconFileProblem,
}

func runIconFileProblem(p *rules.Pass) {
	in := p.Model.Scope
	checked := map[syntax.Node]bool{}
	for _, pub := range publishes(p) {
		for _, name := range []string{"SourceImage", "SourceTypeImage"} {
			icons, _ := fieldValue(in, pub.Record, name)
			if icons.Kind() != syntax.KindRecordExpression || checked[icons] {
				continue
			}
			checked[icons] = true
			for _, slot := range iconSlots {
				list, _ := fieldValue(in, icons, slot.Name)
				if list.Kind() != syntax.KindListExpression {
					continue
				}
				its := items(list)
				for i, it := range its {
					want := 0
					if len(its) == len(slot.Sizes) {
						want = slot.Sizes[i]
					}
					checkIcon(p, it, slot.Name, want)
				}
			}
		}
	}
}

// checkIcon checks the file of one icon list item; want is the size its
// place calls for (0: unknown).
func checkIcon(p *rules.Pass, item syntax.Node, slot string, want int) {
	call := facts.Deref(p.Model.Scope, item)
	if call.Kind() != syntax.KindInvocationExpression || facts.CalleeName(p.Model.Scope, call) != "Extension.Contents" || rules.InError(item) {
		return
	}
	args := facts.Args(call)
	if len(args) == 0 {
		return
	}
	arg := facts.Deref(p.Model.Scope, args[0])
	if arg.Kind() != syntax.KindTextLiteral {
		return
	}
	name := facts.TextValue(arg)
	c := p.Model.Connector
	path := c.FindFile(name)
	if path == "" {
		if cand := filepath.Join(c.Dir, filepath.FromSlash(name)); fileExists(cand) {
			path = cand
		}
	}
	if path == "" {
		p.ReportNode(item, "icon file `%s` is not in the connector folder", name)
		return
	}
	w, h, err := pngSize(path)
	switch {
	case err != nil:
		p.ReportNode(item, "icon file `%s` %v", name, err)
	case want > 0 && (w != want || h != want):
		p.ReportNode(item, "icon file `%s` is %dx%d px; this place in `%s` takes %dx%d", name, w, h, slot, want, want)
	}
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngSize reads the width and height from a PNG file's IHDR chunk. Its
// errors complete a sentence that starts with the file's name.
func pngSize(path string) (w, h int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, errors.New("cannot be read: " + err.Error())
	}
	defer f.Close()
	head := make([]byte, 24)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, 0, errors.New("cannot be read: " + err.Error())
	}
	head = head[:n]
	if !bytes.HasPrefix(head, pngSignature) {
		return 0, 0, errors.New("is not a PNG image" + imageFormat(head))
	}
	// The signature is followed by the IHDR chunk: length, "IHDR", width, height.
	if len(head) < 24 || string(head[12:16]) != "IHDR" {
		return 0, 0, errors.New("is a damaged PNG image (no IHDR header after the signature)")
	}
	return int(binary.BigEndian.Uint32(head[16:20])), int(binary.BigEndian.Uint32(head[20:24])), nil
}

// imageFormat names the format of a file's first bytes, for messages.
func imageFormat(head []byte) string {
	switch {
	case len(head) == 0:
		return " (the file is empty)"
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return " (it is a JPEG image)"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return " (it is a GIF image)"
	case bytes.HasPrefix(head, []byte("BM")):
		return " (it is a BMP image)"
	case bytes.HasPrefix(head, []byte{0, 0, 1, 0}):
		return " (it is an ICO icon)"
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf"), []byte("<")):
		return " (it is text, perhaps SVG)"
	}
	return ""
}
