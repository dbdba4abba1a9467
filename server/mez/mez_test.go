package mez

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type file struct {
	name string
	data string
}

// makeZip builds an archive of deflated files, or stored ones for names
// ending in "/".
func makeZip(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		method := zip.Deflate
		if strings.HasSuffix(f.name, "/") {
			method = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawEntry is an entry written with CreateRaw: its header says whatever the
// test wants, and its bytes are taken as already compressed.
type rawEntry struct {
	header zip.FileHeader
	data   []byte
}

func makeRawZip(t testing.TB, entries ...rawEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		h := e.header
		fw, err := w.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func deflate(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	return buf.Bytes()
}

var connector = []file{
	{"Contoso.pq", "section Contoso;\n\nshared Contoso.Contents = () => 1;\n"},
	{"resources.resx", "<root></root>\n"},
	{"Contoso16.png", "\x89PNG\r\n\x1a\nnot really"},
	{"lib/", ""},
	{"lib/Helper.pqm", strings.Repeat("let x = 1 in x\n", 100)},
	{"Empty.pqm", ""},
}

func kinds(problems []Problem) string {
	var out []string
	for _, p := range problems {
		out = append(out, fmt.Sprintf("%s:%s", p.Entry, p.Kind))
	}
	return strings.Join(out, " ")
}

func wantError(t *testing.T, err error, kind ProblemKind, msg string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	if e.Kind != kind || !strings.Contains(err.Error(), msg) {
		t.Fatalf("err = %q (%v), want %v containing %q", err, e.Kind, kind, msg)
	}
	return e
}

func TestValidMez(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Contoso.mez")
	if err := os.WriteFile(path, makeZip(t, connector...), 0o644); err != nil {
		t.Fatal(err)
	}
	a, problems, err := Open(path, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if a.Path != path || len(a.Entries) != len(connector) {
		t.Fatalf("Path %q, %d entries", a.Path, len(a.Entries))
	}
	for i, f := range connector {
		e := a.Entries[i]
		if e.Name != f.name || e.UncompressedSize != uint64(len(f.data)) || e.IsDir != strings.HasSuffix(f.name, "/") {
			t.Errorf("entry %d = %+v", i, e)
		}
		if e.IsDir {
			continue
		}
		if e.Method != zip.Deflate || e.CRC32 != crc32.ChecksumIEEE([]byte(f.data)) {
			t.Errorf("entry %q: method %d, crc %x", e.Name, e.Method, e.CRC32)
		}
		got, err := a.Read(f.name)
		if err != nil || string(got) != f.data {
			t.Errorf("Read(%q) = %q, %v", f.name, got, err)
		}
	}
	_, err = a.Read("contoso.pq")
	wantError(t, err, NotFound, path+`: entry "contoso.pq": no such entry`)
	_, err = a.Read("lib/")
	wantError(t, err, NotFound, "is a directory")
}

func TestNotZip(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"), bytes.Repeat([]byte{0}, 64)...)
	tests := []struct {
		name string
		data []byte
		kind ProblemKind
		msg  string
	}{
		{"random bytes", random, NotZip, "not a zip archive"},
		{"empty", nil, NotZip, "file is empty"},
		{"png renamed", png, NotZip, "not a zip archive (it looks like a PNG image)"},
		{"text", []byte("section Contoso;\n"), NotZip, "(it looks like a text file)"},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), NotZip, "a gzip file"},
		{"truncated zip", makeZip(t, connector...)[:300], Corrupt, "damaged or truncated zip archive"},
		{"end record only", []byte("PK\x05\x06\x00\x00\x00\x00\x05\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), Corrupt, "damaged or truncated"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".mez")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			a, problems, err := Open(path, DefaultLimits())
			if a != nil || problems != nil {
				t.Errorf("got an archive %v and problems %v with the error", a, problems)
			}
			e := wantError(t, err, tt.kind, tt.msg)
			if !strings.HasPrefix(err.Error(), path+": ") || e.Path != path {
				t.Errorf("error %q does not name the file", err)
			}
			_, _, err = OpenBytes(tt.data, Limits{})
			wantError(t, err, tt.kind, tt.msg)
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.mez")
	_, _, err := Open(missing, Limits{})
	if e := wantError(t, err, Unreadable, missing+": cannot open: no such file"); !errors.Is(e, os.ErrNotExist) {
		t.Errorf("error does not wrap os.ErrNotExist: %v", err)
	}
	_, _, err = Open(dir, Limits{})
	wantError(t, err, NotZip, "is a directory")

	big := filepath.Join(dir, "big.mez")
	if err := os.WriteFile(big, makeZip(t, connector...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = Open(big, Limits{MaxArchiveSize: 100})
	wantError(t, err, TooLarge, "more than the limit of 100")
	_, _, err = OpenBytes(makeZip(t, connector...), Limits{MaxArchiveSize: 100})
	wantError(t, err, TooLarge, "more than the limit of 100 bytes")
}

// zipBomb deflates size bytes of zeros, streaming, so the test holds only
// the compressed archive in memory.
func zipBomb(t testing.TB, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	fw, err := w.Create("Bomb.pq")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for written := 0; written < size; written += len(zeros) {
		fw.Write(zeros[:min(len(zeros), size-written)])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipBomb(t *testing.T) {
	bomb := zipBomb(t, 200<<20)
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	a, problems, err := OpenBytes(bomb, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "Bomb.pq:too-large Bomb.pq:suspicious-ratio" {
		t.Errorf("problems = %s\n%v", got, problems)
	}
	_, err = a.Read("Bomb.pq")
	wantError(t, err, TooLarge, `entry "Bomb.pq": refusing to read: entry claims 209715200 bytes uncompressed, more than the limit of 67108864`)

	// With room for its size, the ratio alone still stops it.
	a, problems, err = OpenBytes(bomb, Limits{MaxEntrySize: 1 << 30, MaxTotalSize: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "Bomb.pq:suspicious-ratio" {
		t.Errorf("problems = %s", got)
	}
	_, err = a.Read("Bomb.pq")
	wantError(t, err, SuspiciousRatio, "a zip bomb?")
}

func TestLyingHeaders(t *testing.T) {
	content := bytes.Repeat([]byte("abcdefgh"), 1000)
	packed := deflate(t, content)
	crc := crc32.ChecksumIEEE(content)
	header := func(name string, usize uint64, crc uint32) zip.FileHeader {
		return zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(packed)), UncompressedSize64: usize}
	}
	data := makeRawZip(t,
		rawEntry{header("Good.pq", uint64(len(content)), crc), packed},
		rawEntry{header("Huge.pq", 1<<40, crc), packed},
		rawEntry{header("Short.pq", 10, crc), packed},
		rawEntry{header("Long.pq", uint64(len(content))+5, crc), packed},
		rawEntry{header("BadCRC.pq", uint64(len(content)), crc^1), packed},
		rawEntry{header("Garbage.pq", 100, 0), []byte("this is not deflate data \xff\xff\xff")},
	)
	a, problems, err := OpenBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "Huge.pq:too-large Huge.pq:suspicious-ratio" {
		t.Errorf("problems = %s\n%v", got, problems)
	}
	if got, err := a.Read("Good.pq"); err != nil || !bytes.Equal(got, content) {
		t.Errorf("Read(Good.pq): %v", err)
	}
	reads := []struct {
		name string
		kind ProblemKind
		msg  string
	}{
		{"Huge.pq", TooLarge, "refusing to read"},
		{"Short.pq", Corrupt, "longer than its header says"},
		{"Long.pq", Corrupt, "content ends early"},
		{"BadCRC.pq", Corrupt, "CRC-32 checksum mismatch"},
		{"Garbage.pq", Corrupt, "content is damaged"},
	}
	for _, r := range reads {
		got, err := a.Read(r.name)
		if got != nil {
			t.Errorf("Read(%q) returned %d bytes with its error", r.name, len(got))
		}
		wantError(t, err, r.kind, r.msg)
	}
	if _, err := a.Read("BadCRC.pq"); !errors.Is(err, zip.ErrChecksum) {
		t.Errorf("CRC error does not wrap zip.ErrChecksum: %v", err)
	}
}

func TestReadCap(t *testing.T) {
	content := bytes.Repeat([]byte("x"), 5000)
	a, problems, err := OpenBytes(makeZip(t, file{"A.pq", string(content)}), Limits{MaxEntrySize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "A.pq:too-large" {
		t.Errorf("problems = %s", got)
	}
	_, err = a.Read("A.pq")
	wantError(t, err, TooLarge, "more than the limit of 4096")
}

func TestUnsafeNames(t *testing.T) {
	tests := []struct {
		name string
		kind ProblemKind
	}{
		{"../evil.pq", PathTraversal},
		{"a/../../evil.pq", PathTraversal},
		{`..\evil2.pq`, PathTraversal},
		{`lib\..\..\evil.pq`, PathTraversal},
		{"..", PathTraversal},
		{"/etc/passwd", AbsolutePath},
		{`\\server\share\evil.pq`, AbsolutePath},
		{`C:\Windows\evil.pq`, AbsolutePath},
		{"c:evil.pq", AbsolutePath},
		{"", InvalidName},
		{"a\x00b.pq", InvalidName},
		{"a\nb.pq", InvalidName},
		{"\xff\xfe.pq", InvalidName},
	}
	files := []file{{"Contoso.pq", "section Contoso;"}}
	for _, tt := range tests {
		files = append(files, file{tt.name, "evil"})
	}
	files = append(files, file{"..fine/..ok..pq", "fine"})
	a, problems, err := OpenBytes(makeZip(t, files...), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != len(tests) {
		t.Fatalf("problems = %v", problems)
	}
	for i, tt := range tests {
		if p := problems[i]; p.Entry != tt.name || p.Kind != tt.kind {
			t.Errorf("problem %d = %+v, want %v for %q", i, p, tt.kind, tt.name)
		}
		_, err := a.Read(tt.name)
		wantError(t, err, tt.kind, "refusing to read")
	}
	if got, err := a.Read("..fine/..ok..pq"); err != nil || string(got) != "fine" {
		t.Errorf("dots inside names are fine: %q, %v", got, err)
	}
}

func TestDuplicates(t *testing.T) {
	a, problems, err := OpenBytes(makeZip(t,
		file{"A.pq", "1"}, file{"B.pq", "2"}, file{"A.pq", "3"}, file{"a.PQ", "4"},
		file{"x/y.pqm", "5"}, file{`x\y.pqm`, "6"}, file{"C.pq", "7"},
	), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "A.pq:duplicate A.pq:duplicate a.PQ:duplicate x/y.pqm:duplicate x\\y.pqm:duplicate" {
		t.Errorf("problems = %s", got)
	}
	_, err = a.Read("A.pq")
	wantError(t, err, Duplicate, "more than once")
	if got, err := a.Read("C.pq"); err != nil || string(got) != "7" {
		t.Errorf("Read(C.pq) = %q, %v", got, err)
	}
}

func TestUnsupported(t *testing.T) {
	packed := deflate(t, []byte("secret"))
	data := makeRawZip(t,
		rawEntry{zip.FileHeader{Name: "Encrypted.pq", Method: zip.Deflate, Flags: 0x1, CompressedSize64: uint64(len(packed)), UncompressedSize64: 6}, packed},
		rawEntry{zip.FileHeader{Name: "Lzma.pq", Method: 14, CompressedSize64: 4, UncompressedSize64: 4}, []byte("abcd")},
		rawEntry{zip.FileHeader{Name: "Stored.pq", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 8}, []byte("abcd")},
	)
	a, problems, err := OpenBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "Encrypted.pq:unsupported Lzma.pq:unsupported Stored.pq:corrupt" {
		t.Errorf("problems = %s\n%v", got, problems)
	}
	_, err = a.Read("Lzma.pq")
	wantError(t, err, Unsupported, "compression method 14 is not supported")
}

func TestTruncatedData(t *testing.T) {
	// The central directory says the entry holds more compressed bytes than
	// the archive has.
	data := makeRawZip(t, rawEntry{zip.FileHeader{Name: "A.pq", Method: zip.Deflate, CompressedSize64: 1 << 20, UncompressedSize64: 1 << 20}, []byte("tiny")})
	a, problems, err := OpenBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "A.pq:corrupt" || !strings.Contains(problems[0].Msg, "runs past the end") {
		t.Errorf("problems = %v", problems)
	}
	_, err = a.Read("A.pq")
	wantError(t, err, Corrupt, "refusing to read")
}

// patchLocalOffset points the n-th central directory record at the local
// header offset off.
func patchLocalOffset(t *testing.T, data []byte, n int, off uint32) {
	t.Helper()
	pos := -1
	for range n + 1 {
		next := bytes.Index(data[pos+1:], []byte("PK\x01\x02"))
		if next < 0 {
			t.Fatal("central directory record not found")
		}
		pos += 1 + next
	}
	binary.LittleEndian.PutUint32(data[pos+42:], off)
}

func TestOverlapping(t *testing.T) {
	data := makeZip(t, file{"A.pq", strings.Repeat("a", 100)}, file{"B.pq", strings.Repeat("a", 100)}, file{"C.pq", "c"})
	patchLocalOffset(t, data, 1, 0) // B.pq now reuses A.pq's bytes
	a, problems, err := OpenBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "B.pq:overlapping" || !strings.Contains(problems[0].Msg, `overlaps that of "A.pq"`) {
		t.Errorf("problems = %v", problems)
	}
	_, err = a.Read("B.pq")
	wantError(t, err, Overlapping, "refusing to read")

	// A local header offset past the data is a damaged archive.
	data = makeZip(t, file{"A.pq", "a"})
	patchLocalOffset(t, data, 0, 1<<30)
	_, problems, err = OpenBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(problems); got != "A.pq:corrupt" {
		t.Errorf("problems = %v", problems)
	}
}

func TestCounts(t *testing.T) {
	var files []file
	for i := range 7 {
		files = append(files, file{fmt.Sprintf("F%d.pq", i), strings.Repeat("x", 400)})
	}
	a, problems, err := OpenBytes(makeZip(t, files...), Limits{MaxEntries: 5, MaxTotalSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Entries) != 5 {
		t.Errorf("%d entries listed, want 5", len(a.Entries))
	}
	if got := kinds(problems); got != ":too-large F2.pq:too-large" {
		t.Errorf("problems = %s\n%v", got, problems)
	}
	if _, err := a.Read("F1.pq"); err != nil {
		t.Errorf("Read(F1.pq): %v", err)
	}
	for _, name := range []string{"F2.pq", "F4.pq"} {
		_, err := a.Read(name)
		wantError(t, err, TooLarge, "in total")
	}
	_, err = a.Read("F6.pq")
	wantError(t, err, NotFound, "no such entry")
}

func TestRatioNeedsSize(t *testing.T) {
	// Small, very compressible files are normal.
	_, problems, err := OpenBytes(makeZip(t, file{"Blank.pq", strings.Repeat(" ", 100000)}), Limits{})
	if err != nil || len(problems) != 0 {
		t.Errorf("problems = %v, %v", problems, err)
	}
}

func TestStrings(t *testing.T) {
	if got := (Problem{Entry: "a.pq", Msg: "bad"}).String(); got != `"a.pq": bad` {
		t.Errorf("Problem.String = %q", got)
	}
	if got := (Problem{Msg: "bad"}).String(); got != "bad" {
		t.Errorf("Problem.String = %q", got)
	}
	if got := PathTraversal.String(); got != "path-traversal" {
		t.Errorf("kind = %q", got)
	}
	if got := ProblemKind(99).String(); got != "ProblemKind(99)" {
		t.Errorf("kind = %q", got)
	}
	for k := NotZip; k <= NotFound; k++ {
		if strings.HasPrefix(k.String(), "ProblemKind(") {
			t.Errorf("kind %d has no name", int(k))
		}
	}
	if got := (&Error{Msg: "not a zip archive"}).Error(); got != "not a zip archive" {
		t.Errorf("Error = %q", got)
	}
}

func TestDefaultLimits(t *testing.T) {
	if got := (Limits{}).withDefaults(); got != DefaultLimits() {
		t.Errorf("zero Limits = %+v", got)
	}
	custom := Limits{MaxEntries: 3}.withDefaults()
	if custom.MaxEntries != 3 || custom.MaxEntrySize != DefaultLimits().MaxEntrySize {
		t.Errorf("custom = %+v", custom)
	}
}

func FuzzOpenBytes(f *testing.F) {
	f.Add(makeZip(f, connector...))
	f.Add(makeZip(f, file{"../evil.pq", "x"}, file{"A.pq", "a"}, file{"a.pq", "b"}))
	f.Add(makeRawZip(f, rawEntry{zip.FileHeader{Name: "A.pq", Method: zip.Store, CompressedSize64: 3, UncompressedSize64: 3}, []byte("abc")}))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte{})
	lim := Limits{MaxArchiveSize: 1 << 20, MaxEntries: 100, MaxEntrySize: 1 << 20, MaxTotalSize: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, problems, err := OpenBytes(data, lim)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || a != nil || problems != nil || e.Msg == "" {
				t.Fatalf("err = %v, archive %v, problems %v", err, a, problems)
			}
			return
		}
		if len(a.Entries) > lim.MaxEntries {
			t.Fatalf("%d entries", len(a.Entries))
		}
		blocked := map[string]bool{}
		for _, p := range problems {
			blocked[p.Entry] = true
		}
		for _, e := range a.Entries {
			got, err := a.Read(e.Name)
			if err != nil {
				var re *Error
				if !errors.As(err, &re) || got != nil {
					t.Fatalf("Read(%q) = %d bytes, %v", e.Name, len(got), err)
				}
				continue
			}
			if blocked[e.Name] {
				t.Fatalf("Read(%q) read an entry with a problem", e.Name)
			}
			if uint64(len(got)) != e.UncompressedSize || uint64(len(got)) > lim.MaxEntrySize {
				t.Fatalf("Read(%q) = %d bytes, header says %d", e.Name, len(got), e.UncompressedSize)
			}
		}
	})
}
