// Package mez reads a built Power Query connector, a .mez file, which is a
// zip archive holding the section document, resources.resx, icons and
// helper modules.
//
// The archive is untrusted input. [Open] and [OpenBytes] judge every entry
// from the central directory before anything is decompressed, and report
// what looks wrong as a [Problem]: unsafe names (../, absolute paths, drive
// letters), duplicates, sizes and compression ratios beyond the [Limits],
// overlapping entries and damaged headers. [Archive.Read] then reads one
// entry with a hard cap, never trusting the sizes the headers claim, and
// refuses the entries that have a problem. Nothing is ever written to disk.
package mez

import (
	"archive/zip"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits bound what an archive may hold. A zero field takes its value from
// [DefaultLimits].
type Limits struct {
	MaxArchiveSize uint64  // bytes of the .mez file itself
	MaxEntries     int     // entries in the central directory
	MaxEntrySize   uint64  // uncompressed bytes of one entry
	MaxTotalSize   uint64  // uncompressed bytes of all entries together
	MaxRatio       float64 // uncompressed / compressed size of one entry
	// RatioMinSize is the uncompressed size from which MaxRatio applies:
	// small files of repeated text compress very well and are harmless.
	RatioMinSize uint64
}

// DefaultLimits returns limits far above any real connector (a few MiB at
// most) and far below what would hurt the checker.
func DefaultLimits() Limits {
	return Limits{
		MaxArchiveSize: 128 << 20,
		MaxEntries:     10000,
		MaxEntrySize:   64 << 20,
		MaxTotalSize:   256 << 20,
		MaxRatio:       200,
		RatioMinSize:   1 << 20,
	}
}

func (lim Limits) withDefaults() Limits {
	def := DefaultLimits()
	lim.MaxArchiveSize = positiveOr(lim.MaxArchiveSize, def.MaxArchiveSize)
	lim.MaxEntries = positiveOr(lim.MaxEntries, def.MaxEntries)
	lim.MaxEntrySize = positiveOr(lim.MaxEntrySize, def.MaxEntrySize)
	lim.MaxTotalSize = positiveOr(lim.MaxTotalSize, def.MaxTotalSize)
	lim.MaxRatio = positiveOr(lim.MaxRatio, def.MaxRatio)
	lim.RatioMinSize = positiveOr(lim.RatioMinSize, def.RatioMinSize)
	return lim
}

// positiveOr returns v, or def when v is zero or negative (an unset limit).
func positiveOr[T int | uint64 | float64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// ProblemKind classifies a [Problem] or an [Error].
type ProblemKind int

const (
	NotZip          ProblemKind = iota + 1 // not a zip archive at all
	Corrupt                                // a damaged or truncated archive or entry
	PathTraversal                          // a name with a ".." segment
	AbsolutePath                           // a name starting with / or \, or a drive letter
	InvalidName                            // an empty name, control characters, invalid UTF-8
	Duplicate                              // a name seen before, maybe in another letter case
	TooLarge                               // beyond MaxArchiveSize, MaxEntries, MaxEntrySize or MaxTotalSize
	SuspiciousRatio                        // compresses better than MaxRatio: a zip bomb
	Overlapping                            // shares compressed bytes with another entry: a zip bomb
	Unsupported                            // encrypted, or compressed other than stored or deflate
	Unreadable                             // the file cannot be read
	NotFound                               // Read of a name the archive lacks, or of a directory
)

var kindNames = map[ProblemKind]string{
	NotZip: "not-zip", Corrupt: "corrupt", PathTraversal: "path-traversal", AbsolutePath: "absolute-path",
	InvalidName: "invalid-name", Duplicate: "duplicate", TooLarge: "too-large", SuspiciousRatio: "suspicious-ratio",
	Overlapping: "overlapping", Unsupported: "unsupported", Unreadable: "unreadable", NotFound: "not-found",
}

func (k ProblemKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ProblemKind(%d)", int(k))
}

// Problem is something wrong with one entry, or with the whole archive when
// Entry is "". An entry with a problem cannot be read.
type Problem struct {
	Entry string
	Msg   string
	Kind  ProblemKind
}

func (p Problem) String() string {
	if p.Entry == "" {
		return p.Msg
	}
	return fmt.Sprintf("%q: %s", p.Entry, p.Msg)
}

// Error is why an archive or an entry cannot be read.
type Error struct {
	Path  string // the .mez file; "" for [OpenBytes]
	Entry string // the entry being read; "" for the whole archive
	Kind  ProblemKind
	Msg   string
	Err   error // the underlying error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	if e.Entry != "" {
		fmt.Fprintf(&b, "entry %q: ", e.Entry)
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Entry describes one file of the archive as its central directory states
// it. The sizes are claims: [Archive.Read] checks them.
type Entry struct {
	Name             string
	CompressedSize   uint64
	UncompressedSize uint64
	Method           uint16 // 0 stored, 8 deflate
	CRC32            uint32
	IsDir            bool // the name ends with "/"
}

// Archive is an opened .mez file. Its methods may be called concurrently.
type Archive struct {
	Path    string  // the file Open read; "" for OpenBytes
	Entries []Entry // in central-directory order, at most MaxEntries

	files   []*zip.File
	blocked map[int]Problem // index in Entries -> the problem that makes it unreadable
	lim     Limits
}

// Open reads and checks the .mez file at path; see [OpenBytes]. The error,
// an [*Error] naming the file, reports a file that cannot be read, is too
// large or is not a zip archive.
func Open(path string, lim Limits) (*Archive, []Problem, error) {
	lim = lim.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &Error{Path: path, Kind: Unreadable, Msg: "cannot open: " + describeOSError(err), Err: err}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, &Error{Path: path, Kind: Unreadable, Msg: "cannot read: " + describeOSError(err), Err: err}
	}
	if info.IsDir() {
		return nil, nil, &Error{Path: path, Kind: NotZip, Msg: "is a directory, not a .mez file"}
	}
	if uint64(info.Size()) > lim.MaxArchiveSize {
		return nil, nil, &Error{Path: path, Kind: TooLarge, Msg: fmt.Sprintf("file is %d bytes, more than the limit of %d", info.Size(), lim.MaxArchiveSize)}
	}
	// Read at most one byte beyond the limit, in case the file grows.
	data, err := io.ReadAll(io.LimitReader(f, int64(min(lim.MaxArchiveSize, math.MaxInt64-1))+1))
	if err != nil {
		return nil, nil, &Error{Path: path, Kind: Unreadable, Msg: "cannot read: " + describeOSError(err), Err: err}
	}
	a, problems, err := OpenBytes(data, lim)
	if err != nil {
		err.(*Error).Path = path
		return nil, nil, err
	}
	a.Path = path
	return a, problems, nil
}

func describeOSError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// OpenBytes reads and checks a .mez file's content. It decompresses
// nothing: the problems come from the central directory and the local
// headers. The error, an [*Error], reports content that is too large or is
// not a zip archive; then the Archive is nil.
func OpenBytes(data []byte, lim Limits) (*Archive, []Problem, error) {
	lim = lim.withDefaults()
	if uint64(len(data)) > lim.MaxArchiveSize {
		return nil, nil, &Error{Kind: TooLarge, Msg: fmt.Sprintf("file is more than the limit of %d bytes", lim.MaxArchiveSize)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are judged below
		return nil, nil, notZipError(data, err)
	}
	a := &Archive{lim: lim, blocked: map[int]Problem{}}
	type indexed struct {
		i int // entry index; -1 for the whole archive
		p Problem
	}
	var found []indexed
	files := zr.File
	if len(files) > lim.MaxEntries {
		found = append(found, indexed{-1, Problem{Kind: TooLarge, Msg: fmt.Sprintf(
			"archive has %d entries, more than the limit of %d; only the first %d are listed", len(files), lim.MaxEntries, lim.MaxEntries)}})
		files = files[:lim.MaxEntries]
	}
	a.files = files
	for _, f := range files {
		a.Entries = append(a.Entries, Entry{
			Name:             f.Name,
			CompressedSize:   f.CompressedSize64,
			UncompressedSize: f.UncompressedSize64,
			Method:           f.Method,
			CRC32:            f.CRC32,
			IsDir:            strings.HasSuffix(f.Name, "/"),
		})
	}
	report := func(i int, kind ProblemKind, format string, args ...any) Problem {
		p := Problem{Entry: a.Entries[i].Name, Kind: kind, Msg: fmt.Sprintf(format, args...)}
		found = append(found, indexed{i, p})
		a.block(i, p)
		return p
	}
	a.checkNames(report)
	a.checkSizes(report, int64(len(data)))
	// Problems come in archive order, whatever order the checks found them.
	slices.SortStableFunc(found, func(x, y indexed) int { return cmp.Compare(x.i, y.i) })
	var problems []Problem
	for _, f := range found {
		problems = append(problems, f.p)
	}
	return a, problems, nil
}

// notZipError explains why data could not be opened as a zip archive.
func notZipError(data []byte, err error) *Error {
	switch {
	case len(data) == 0:
		return &Error{Kind: NotZip, Msg: "file is empty, not a zip archive", Err: err}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.Contains(data, []byte("PK\x05\x06")):
		return &Error{Kind: Corrupt, Msg: fmt.Sprintf("damaged or truncated zip archive (%v)", err), Err: err}
	}
	msg := "not a zip archive"
	if what := sniff(data); what != "" {
		msg += " (it looks like " + what + ")"
	}
	return &Error{Kind: NotZip, Msg: msg, Err: err}
}

// sniff names a few file types a .mez is mistaken for.
func sniff(data []byte) string {
	for _, m := range []struct{ magic, what string }{
		{"\x89PNG\r\n\x1a\n", "a PNG image"},
		{"%PDF-", "a PDF document"},
		{"\x1f\x8b", "a gzip file"},
		{"MZ", "a Windows executable"},
		{"\xd0\xcf\x11\xe0", "an old Office document"},
		{"Rar!", "a RAR archive"},
		{"7z\xbc\xaf", "a 7-Zip archive"},
	} {
		if bytes.HasPrefix(data, []byte(m.magic)) {
			return m.what
		}
	}
	head := data[:min(len(data), 512)]
	if utf8.Valid(head) && !bytes.ContainsAny(head, "\x00") {
		return "a text file"
	}
	return ""
}

// -- checks --

// reportFunc records a problem of the entry at index i and blocks it.
type reportFunc func(i int, kind ProblemKind, format string, args ...any) Problem

// block makes the entry at index i unreadable because of p, unless an
// earlier problem already did.
func (a *Archive) block(i int, p Problem) {
	if _, ok := a.blocked[i]; !ok {
		a.blocked[i] = p
	}
}

func (a *Archive) checkNames(report reportFunc) {
	seen := map[string]int{} // folded name -> first index
	reported := map[int]bool{}
	for i, e := range a.Entries {
		if kind, msg := judgeName(e.Name); kind != 0 {
			report(i, kind, "%s", msg)
		}
		folded := strings.ToLower(strings.ReplaceAll(e.Name, `\`, "/"))
		first, dup := seen[folded]
		switch {
		case !dup:
			seen[folded] = i
		case a.Entries[first].Name == e.Name:
			report(i, Duplicate, "the archive holds this name more than once")
			if !reported[first] {
				reported[first] = true
				report(first, Duplicate, "the archive holds this name more than once")
			}
		default:
			report(i, Duplicate, "name clashes with %q, which differs only in letter case or slashes", a.Entries[first].Name)
			if !reported[first] {
				reported[first] = true
				report(first, Duplicate, "name clashes with %q, which differs only in letter case or slashes", e.Name)
			}
		}
	}
}

// judgeName returns the problem with an entry name, or 0.
func judgeName(name string) (ProblemKind, string) {
	switch {
	case name == "":
		return InvalidName, "entry has an empty name"
	case !utf8.ValidString(name):
		return InvalidName, "name is not valid UTF-8"
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return InvalidName, "name holds control characters"
	case name[0] == '/' || name[0] == '\\':
		return AbsolutePath, "name is an absolute path"
	case len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z'):
		return AbsolutePath, "name starts with a drive letter"
	}
	for _, seg := range strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return PathTraversal, "name climbs out of the archive with \"..\""
		}
	}
	return 0, ""
}

// span is the compressed bytes of one entry in the archive.
type span struct {
	start, end int64
	index      int
}

func (a *Archive) checkSizes(report reportFunc, archiveSize int64) {
	lim := a.lim
	var total uint64
	var overTotal *Problem // set once the total is exceeded
	var spans []span
	for i, f := range a.files {
		e := a.Entries[i]
		if f.Flags&0x1 != 0 {
			report(i, Unsupported, "entry is encrypted")
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			report(i, Unsupported, "compression method %d is not supported (only stored and deflate)", f.Method)
		}
		if e.IsDir && e.UncompressedSize != 0 {
			report(i, Corrupt, "directory entry claims %d bytes of content", e.UncompressedSize)
		}
		if f.Method == zip.Store && e.CompressedSize != e.UncompressedSize {
			report(i, Corrupt, "stored entry claims %d bytes but holds %d", e.UncompressedSize, e.CompressedSize)
		}
		tooLarge := e.UncompressedSize > lim.MaxEntrySize
		if tooLarge {
			report(i, TooLarge, "entry claims %d bytes uncompressed, more than the limit of %d", e.UncompressedSize, lim.MaxEntrySize)
		}
		if e.UncompressedSize >= lim.RatioMinSize {
			if e.CompressedSize == 0 {
				report(i, SuspiciousRatio, "entry claims %d bytes from no compressed data", e.UncompressedSize)
			} else if ratio := float64(e.UncompressedSize) / float64(e.CompressedSize); ratio > lim.MaxRatio {
				report(i, SuspiciousRatio, "entry expands %.0f times (%d to %d bytes), more than the limit of %.0f: a zip bomb?",
					ratio, e.CompressedSize, e.UncompressedSize, lim.MaxRatio)
			}
		}
		// The total counts what Read could produce, so not an entry it refuses
		// for its own size.
		switch {
		case overTotal != nil:
			a.block(i, *overTotal)
		case tooLarge: // already refused
		case e.UncompressedSize > lim.MaxTotalSize-total: // total + size > limit, without overflow
			p := report(i, TooLarge, "entries up to this one claim more than %d bytes uncompressed in total; it and the entries after it are not read", lim.MaxTotalSize)
			overTotal = &p
		default:
			total += e.UncompressedSize
		}
		// DataOffset reads the local header, which must be sound too.
		off, err := f.DataOffset()
		if err != nil {
			report(i, Corrupt, "local header is damaged or missing (%v)", err)
			continue
		}
		end := off + int64(e.CompressedSize)
		if e.CompressedSize > uint64(archiveSize) || end > archiveSize {
			report(i, Corrupt, "entry data runs past the end of the archive: truncated?")
			continue
		}
		spans = append(spans, span{off, end, i})
	}
	// Entries sharing compressed bytes let a small archive expand without
	// bound, whatever each entry's own ratio.
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.start, y.start) })
	var reach span
	for j, s := range spans {
		if j > 0 && s.start < reach.end && s.end > s.start {
			report(s.index, Overlapping, "entry data overlaps that of %q", a.Entries[reach.index].Name)
		}
		if s.end > reach.end {
			reach = s
		}
	}
}

// -- reading --

// problem returns the problem that makes the entry at index i unreadable.
func (a *Archive) problem(i int) (Problem, bool) {
	p, ok := a.blocked[i]
	return p, ok
}

// Read returns the content of the entry named name (exact, case-sensitive).
// It reads at most MaxEntrySize bytes, checks the size and CRC-32 the
// headers give, and refuses entries with a [Problem]. Errors are [*Error]s.
func (a *Archive) Read(name string) ([]byte, error) {
	i := slices.IndexFunc(a.Entries, func(e Entry) bool { return e.Name == name })
	if i < 0 {
		return nil, a.readError(name, NotFound, "no such entry in the archive", nil)
	}
	if p, ok := a.problem(i); ok {
		return nil, a.readError(name, p.Kind, "refusing to read: "+p.Msg, nil)
	}
	e, f := a.Entries[i], a.files[i]
	if e.IsDir {
		return nil, a.readError(name, NotFound, "is a directory", nil)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, a.readError(name, Corrupt, "cannot open: "+err.Error(), err)
	}
	defer rc.Close()
	// The header's size was checked against the limit; the cap holds even if
	// the decompressor produced more than the header says.
	w := bytes.NewBuffer(make([]byte, 0, min(e.UncompressedSize, 1<<20)))
	n, err := io.Copy(w, io.LimitReader(rc, int64(min(a.lim.MaxEntrySize, math.MaxInt64-1))+1))
	if uint64(n) > a.lim.MaxEntrySize {
		return nil, a.readError(name, TooLarge, fmt.Sprintf("content exceeds the limit of %d bytes", a.lim.MaxEntrySize), nil)
	}
	if err != nil {
		return nil, a.readError(name, Corrupt, "content is damaged: "+describeZipError(err), err)
	}
	return w.Bytes(), nil
}

func describeZipError(err error) string {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "CRC-32 checksum mismatch"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "content ends early"
	case errors.Is(err, zip.ErrFormat):
		return "content is longer than its header says"
	}
	return err.Error()
}

func (a *Archive) readError(entry string, kind ProblemKind, msg string, err error) *Error {
	return &Error{Path: a.Path, Entry: entry, Kind: kind, Msg: msg, Err: err}
}
