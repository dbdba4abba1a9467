package ide

import (
	"regexp"
	"sort"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
)

// FoldKind says what a folding range folds.
type FoldKind uint8

const (
	FoldCode FoldKind = iota
	FoldComment
	FoldRegion
)

// FoldingRange folds the lines from the line of Start to the line of End.
type FoldingRange struct {
	Start, End int // byte offsets
	Kind       FoldKind
}

// foldable are the constructs that fold (grammar/queries/folds.scm).
var foldable = map[syntax.Kind]bool{
	syntax.KindSectionMember: true, syntax.KindLetExpression: true, syntax.KindIfExpression: true,
	syntax.KindRecordExpression: true, syntax.KindListExpression: true, syntax.KindRecordType: true,
	syntax.KindArgumentList: true, syntax.KindParameterList: true,
}

// regionStart and regionEnd are the region markers VS Code uses in
// languages with `//` comments.
var (
	regionStart = regexp.MustCompile(`^//\s*#?region\b`)
	regionEnd   = regexp.MustCompile(`^//\s*#?endregion\b`)
)

// FoldingRanges returns the multi-line constructs of f that fold: section
// members, lets, ifs, records, lists, record types, argument and parameter
// lists, block comments and runs of line comments, and regions between
// `// #region` and `// #endregion` comments. A closing bracket on a line
// of its own stays visible. Of ranges that start on the same line only the
// largest is kept.
func FoldingRanges(f *syntax.File) []FoldingRange {
	m := f.Doc.Mapper()
	line := func(off int) int { return m.Position(off).Line }
	var out []FoldingRange
	add := func(start, end int, kind FoldKind) {
		if end > start && line(start) < line(end) {
			out = append(out, FoldingRange{Start: start, End: end, Kind: kind})
		}
	}
	var regions []int
	var runStart, runEnd = -1, -1
	flushRun := func() {
		if runStart >= 0 {
			add(runStart, runEnd, FoldComment)
		}
		runStart, runEnd = -1, -1
	}
	for i := 0; i < f.NodeCount(); i++ {
		n := f.Node(i)
		if n.Kind() == syntax.KindComment {
			t := n.Text()
			switch {
			case regionStart.MatchString(t):
				flushRun()
				regions = append(regions, n.Start())
				continue
			case regionEnd.MatchString(t):
				flushRun()
				if len(regions) > 0 {
					add(regions[len(regions)-1], n.End(), FoldRegion)
					regions = regions[:len(regions)-1]
				}
				continue
			case len(t) >= 2 && t[:2] == "/*":
				flushRun()
				add(n.Start(), n.End(), FoldComment)
				continue
			}
			if runStart >= 0 && line(n.Start()) == line(runEnd)+1 && document.OnlyBlanksBefore(f.Text(), n.Start()) {
				runEnd = n.End()
			} else {
				flushRun()
				if document.OnlyBlanksBefore(f.Text(), n.Start()) {
					runStart, runEnd = n.Start(), n.End()
				}
			}
			continue
		}
		if !foldable[n.Kind()] || n.HasError() && n.Kind() != syntax.KindSectionMember {
			continue
		}
		end := n.End()
		if last := lastChild(n); isClosing(last.Kind()) {
			if before := prevToken(last); !before.IsNull() && line(before.End()) < line(last.Start()) {
				end = before.End()
			}
		}
		add(n.Start(), end, FoldCode)
	}
	flushRun()
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	// Keep the largest range of each start line.
	kept := out[:0]
	for _, r := range out {
		if len(kept) > 0 && line(kept[len(kept)-1].Start) == line(r.Start) {
			continue
		}
		kept = append(kept, r)
	}
	return kept
}

func lastChild(n syntax.Node) syntax.Node {
	var last syntax.Node
	for c := range n.Children() {
		if !c.IsExtra() {
			last = c
		}
	}
	return last
}

func isClosing(k syntax.Kind) bool {
	return k == syntax.KindTokRParen || k == syntax.KindTokRBracket || k == syntax.KindTokRBrace
}

// SelectionRanges returns, for each offset, the spans that enclose it from
// the innermost (the token) to the whole document, each strictly larger
// than the one before.
func SelectionRanges(f *syntax.File, offs []int) [][]document.Span {
	out := make([][]document.Span, len(offs))
	for i, off := range offs {
		var chain []document.Span
		n := f.NodeAt(off)
		for ; !n.IsNull(); n = n.Parent() {
			sp := n.Span()
			if len(chain) > 0 {
				last := chain[len(chain)-1]
				if sp == last || sp.Start > last.Start || sp.End < last.End {
					continue
				}
			}
			chain = append(chain, sp)
		}
		if whole := (document.Span{Start: 0, End: len(f.Text())}); len(chain) == 0 || chain[len(chain)-1] != whole {
			chain = append(chain, whole)
		}
		out[i] = chain
	}
	return out
}
