package submission

import (
	_ "embed"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/mez"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc602_mez_contents.md
var mezContentsDoc string

// MezContents reports a built .mez that is no readable zip archive, holds
// unsafe or damaged entries, or lacks the section document,
// resources.resx or a file the code loads with Extension.Contents.
var MezContents = &rules.Rule{
	Code:     "PQC602",
	Name:     "mez-contents",
	Severity: rules.Error,
	Doc:      mezContentsDoc,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runMezContents,
}

func runMezContents(p *rules.Pass) {
	if sectionAnchor(p).IsNull() {
		return
	}
	c := p.Model.Connector
	for _, path := range c.Mez {
		file := filepath.Base(path)
		a, problems, err := mez.Open(path, mez.DefaultLimits())
		if err != nil {
			var me *mez.Error
			msg := err.Error()
			if errors.As(err, &me) {
				msg = me.Msg
			}
			p.ReportFile(path, document.Span{}, "`%s` cannot be installed: %s", file, msg)
			continue
		}
		for _, pr := range problems {
			if pr.Entry == "" {
				p.ReportFile(path, document.Span{}, "`%s`: %s", file, pr.Msg)
			} else {
				p.ReportFile(path, document.Span{}, "`%s` has an entry `%s` that cannot be trusted: %s", file, pr.Entry, pr.Msg)
			}
		}
		reportMissing(p, path, a)
	}
}

// reportMissing reports, in one finding, the files the archive should hold
// but lacks, with the code that loads each as related locations.
func reportMissing(p *rules.Pass, path string, a *mez.Archive) {
	c, fs := p.Model.Connector, p.Model.Facts
	held := map[string]bool{}
	for _, e := range a.Entries {
		if e.IsDir {
			continue
		}
		name := strings.ToLower(strings.ReplaceAll(e.Name, `\`, "/"))
		held[name] = true
		held[name[strings.LastIndexByte(name, '/')+1:]] = true
	}
	has := func(name string) bool {
		name = strings.ToLower(strings.ReplaceAll(name, `\`, "/"))
		return held[name] || held[name[strings.LastIndexByte(name, '/')+1:]]
	}
	var missing []string
	var related []rules.Related
	seen := map[string]bool{}
	need := func(name string) bool {
		key := strings.ToLower(name)
		if seen[key] || has(name) {
			return false
		}
		seen[key] = true
		missing = append(missing, name)
		return true
	}
	if c.Main != nil {
		need(filepath.Base(c.Main.Path))
	}
	// Extension.LoadString reads resources.resx from the archive.
	if c.Resx != nil || len(fs.LoadStrings) > 0 {
		need("resources.resx")
	}
	for _, call := range fs.Contents {
		if !call.IsText || call.Text == "" {
			continue
		}
		if !has(call.Text) {
			need(call.Text)
			related = append(related, rules.Related{
				File:    p.Model.PathOf(call.File),
				Span:    call.Node.Span(),
				Message: fmt.Sprintf("`%s` is loaded here", call.Text),
			})
		}
	}
	if len(missing) == 0 {
		return
	}
	noun := "file"
	if len(missing) > 1 {
		noun = "files"
	}
	f := p.ReportFile(path, document.Span{}, "`%s` lacks the %s %s: rebuild the connector so that the archive holds every file it loads",
		filepath.Base(path), noun, quoteList(missing))
	f.Related = related
}
