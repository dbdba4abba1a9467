package lsp

// This file defines the session: the open documents, the cache of parsed
// disk files, and the per-connector analysis that turns each edit into
// published diagnostics, debounced and never published out of order.

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pqcert/pqcert/server/config"
	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// defaultDebounce is how long an idle connector waits after a change before
// it is analyzed. Analyses of one connector never overlap: changes that
// arrive during one are taken up together by the next, so the debounce only
// needs to gather the changes of one burst of typing.
const defaultDebounce = 3 * time.Millisecond

// defaultStaleModelLimit is the size of a connector's M text from which its
// previous analysis is dropped when the next one starts. Below it, the
// previous model answers hovers and completions instantly while the next is
// built; above it, holding both would double the server's memory (each
// model of a 100k-line connector is about 65 MB), so requests wait for the
// new one instead.
const defaultStaleModelLimit = 1 << 20

// openDoc is a document open in the editor. It is immutable: an edit makes
// a new openDoc.
type openDoc struct {
	uri  string // as the client sent it
	path string
	// dir is the connector folder (see connectorDir), found when the
	// document is opened rather than from the disk on every keystroke.
	dir     string
	version int32
	file    *syntax.File
}

// snapshot is an immutable view of the open documents.
type snapshot struct {
	docs map[string]*openDoc // by path
}

type snapshotKey struct{}

func withSnapshot(ctx context.Context, snap *snapshot) context.Context {
	return context.WithValue(ctx, snapshotKey{}, snap)
}

// analysis is one connector's model and findings, computed for a generation.
type analysis struct {
	gen      uint64
	conn     *workspace.Connector
	model    *model.Model
	findings []rules.Finding
	// versions are the open documents' versions the analysis saw.
	versions map[string]int32
	// size is the bytes of M text analyzed.
	size int
}

// connState tracks one connector folder.
type connState struct {
	dir   string
	gen   uint64 // bumped by every change that concerns the connector
	timer *time.Timer
	// running is set while an analysis runs; pending asks for another
	// right after it. done is closed when the running analysis ends.
	running, pending bool
	done             chan struct{}
	// analyzed is the generation of the last analysis that finished, even
	// one that found no connector.
	analyzed uint64
	// last is the newest analysis, nil before the first or while a large
	// connector's next analysis runs (see defaultStaleModelLimit).
	last *analysis
	// published are the paths that last got diagnostics.
	published map[string]bool
}

// cachedFile is a file on disk as last read: its parse (M files) or its
// bytes (resources.resx, .pqcert.json), valid while its modification time
// and size stay the same. Every analysis reads the connector's files, so
// unchanged ones are not read again on each keystroke.
type cachedFile struct {
	mod  time.Time
	size int64
	file *syntax.File
	raw  []byte
}

type session struct {
	srv        *server
	debounce   time.Duration
	staleLimit int
	observe    func(uri string, version int32, text []byte)

	// guards everything below
	mu       sync.Mutex
	docs     map[string]*openDoc
	conns    map[string]*connState
	cache    map[string]cachedFile
	settings *config.Config // from the editor's pqcert.* settings
	folders  []string
	caps     clientCaps
	closed   bool
}

type clientCaps struct {
	documentChanges    bool
	resourceOperations bool
	configuration      bool
	watchRegistration  bool
	logToClient        bool
	snippets           bool // completion items may be snippets
}

func newSession(srv *server, opts Options) *session {
	d := opts.Debounce
	if d == 0 {
		d = defaultDebounce
	}
	limit := opts.StaleModelLimit
	if limit == 0 {
		limit = defaultStaleModelLimit
	}
	return &session{srv: srv, debounce: d, staleLimit: limit, observe: opts.DocumentChanged, docs: map[string]*openDoc{}, conns: map[string]*connState{}, cache: map[string]cachedFile{}}
}

func (ss *session) close() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.closed = true
	for _, c := range ss.conns {
		if c.timer != nil {
			c.timer.Stop()
		}
	}
	for _, d := range ss.docs {
		d.file.Close()
	}
}

// snapshot returns the open documents as they are now.
func (ss *session) snapshot() *snapshot {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.snapshotLocked()
}

func (ss *session) snapshotLocked() *snapshot {
	docs := make(map[string]*openDoc, len(ss.docs))
	for k, v := range ss.docs {
		docs[k] = v
	}
	return &snapshot{docs: docs}
}

// snapshotFrom returns the snapshot a request saw, or the current one.
func (ss *session) snapshotFrom(ctx context.Context) *snapshot {
	if snap, ok := ctx.Value(snapshotKey{}).(*snapshot); ok {
		return snap
	}
	return ss.snapshot()
}

// -- Documents --

func (ss *session) open(d *openDoc) {
	if ss.observe != nil {
		ss.observe(d.uri, d.version, d.file.Text())
	}
	ss.mu.Lock()
	if old := ss.docs[d.path]; old != nil && old.file != d.file {
		old.file.Close()
	}
	ss.docs[d.path] = d
	ss.mu.Unlock()
	ss.changedIn(d.path, d.dir)
}

// closeDoc closes a document and returns its connector folder ("" for
// none).
func (ss *session) closeDoc(path string) string {
	ss.mu.Lock()
	d := ss.docs[path]
	if d != nil {
		d.file.Close()
		delete(ss.docs, path)
	}
	ss.mu.Unlock()
	dir := ""
	if d != nil {
		dir = d.dir
	} else {
		dir = connectorDir(path)
	}
	ss.changedIn(path, dir)
	return dir
}

// refreshDirs finds the connector folder of every open document again.
func (ss *session) refreshDirs() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for p, d := range ss.docs {
		if dir := connectorDir(p); dir != d.dir {
			nd := *d
			nd.dir = dir
			ss.docs[p] = &nd
		}
	}
}

// dirOf returns the connector folder of a path: an open document's as
// found when it was opened, else from the disk.
func (ss *session) dirOf(path string) string {
	ss.mu.Lock()
	d := ss.docs[path]
	ss.mu.Unlock()
	if d != nil {
		return d.dir
	}
	return connectorDir(path)
}

func (ss *session) doc(path string) *openDoc {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.docs[path]
}

// changed schedules the analysis of the connector a path belongs to.
func (ss *session) changed(path string) { ss.changedIn(path, ss.dirOf(path)) }

// changedIn schedules the analysis of the connector in dir after a change
// of path.
func (ss *session) changedIn(path, dir string) {
	if dir == "" {
		return
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed {
		return
	}
	delete(ss.cache, path)
	c := ss.conns[dir]
	if c == nil {
		c = &connState{dir: dir, published: map[string]bool{}}
		ss.conns[dir] = c
	}
	c.gen++
	ss.scheduleLocked(c, ss.debounce)
}

// scheduleLocked arranges an analysis of c after delay, or right after the
// one that is running.
func (ss *session) scheduleLocked(c *connState, delay time.Duration) {
	if c.running {
		c.pending = true
		return
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timer = time.AfterFunc(delay, func() { ss.analyzeAndPublish(c.dir) })
}

// connectorDir returns the connector folder of a path: the nearest folder,
// from the file's own upwards (helper modules and icons may sit in
// subfolders), that holds a section document candidate.
func connectorDir(path string) string {
	dir := filepath.Dir(path)
	for d, i := dir, 0; i < 4; d, i = filepath.Dir(d), i+1 {
		if holdsSection(d) {
			return d
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if workspace.IsMFile(path) {
		return dir
	}
	return ""
}

func holdsSection(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := strings.ToLower(e.Name())
		if !e.IsDir() && (strings.HasSuffix(n, ".pq") || strings.HasSuffix(n, ".m")) && !strings.HasSuffix(n, ".query.pq") {
			return true
		}
	}
	return false
}

// -- Analysis --

// source lays a snapshot's open documents over the disk, with a cache of
// parsed disk files.
type source struct {
	ss   *session
	snap *snapshot
}

func (src source) ReadFile(path string) ([]byte, error) {
	if d := src.snap.docs[path]; d != nil {
		return d.file.Text(), nil
	}
	c, ok := src.ss.diskEntry(path)
	if !ok {
		return os.ReadFile(path) // for its error
	}
	if c.raw == nil {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		c.raw = raw
		src.ss.remember(path, c)
	}
	return c.raw, nil
}

func (src source) Parsed(path string) *syntax.File {
	if d := src.snap.docs[path]; d != nil {
		return d.file
	}
	c, ok := src.ss.diskEntry(path)
	if !ok {
		return nil
	}
	if c.file == nil {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		text, _, err := document.Decode(raw)
		if err != nil {
			return nil
		}
		c.file = syntax.Parse(document.New(workspace.URIFromPath(path), 0, text), syntax.Once)
		src.ss.remember(path, c)
	}
	return c.file
}

// diskEntry returns the cache entry of a file on disk if it still
// describes the file, else an empty one for the file as it is now; false
// when the file cannot be read.
func (ss *session) diskEntry(path string) (cachedFile, bool) {
	info, err := os.Stat(path)
	if err != nil {
		return cachedFile{}, false
	}
	ss.mu.Lock()
	c, ok := ss.cache[path]
	ss.mu.Unlock()
	if !ok || !c.mod.Equal(info.ModTime()) || c.size != info.Size() {
		c = cachedFile{mod: info.ModTime(), size: info.Size()}
	}
	return c, true
}

// remember stores a cache entry, keeping what another reader stored for
// the same version of the file.
func (ss *session) remember(path string, c cachedFile) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if old, ok := ss.cache[path]; ok && old.mod.Equal(c.mod) && old.size == c.size {
		if c.file == nil {
			c.file = old.file
		}
		if c.raw == nil {
			c.raw = old.raw
		}
	}
	ss.cache[path] = c
}

// analyze builds the connector's model from a snapshot and runs the rules.
// A panic is logged and gives no analysis: the connector's pipeline must
// go on (requests wait on it) whatever the code being analyzed holds.
func (ss *session) analyze(dir string, snap *snapshot) (a *analysis) {
	defer func() {
		if e := recover(); e != nil {
			ss.srv.logf("analysis of %s failed: %v\n%s", dir, e, debug.Stack())
			a = nil
		}
	}()
	c, err := workspace.Load(dir, source{ss, snap})
	if err != nil || c == nil {
		return nil
	}
	ss.mu.Lock()
	settings := ss.settings
	ss.mu.Unlock()
	if settings != nil {
		c.Config = c.Config.Merge(settings)
	}
	m := model.Build(c, model.Options{})
	a = &analysis{conn: c, model: m, findings: rules.Run(m, all.Rules, rules.ConfigFrom(c.Config)), versions: map[string]int32{}}
	for p, d := range snap.docs {
		a.versions[p] = d.version
	}
	for _, f := range c.Files() {
		a.size += len(f.File.Text())
	}
	return a
}

// analyzeAndPublish runs a scheduled analysis and publishes its diagnostics
// unless a newer change made it stale; then it starts the next one if
// changes came in meanwhile.
func (ss *session) analyzeAndPublish(dir string) {
	ss.mu.Lock()
	c := ss.conns[dir]
	if ss.closed || c == nil {
		ss.mu.Unlock()
		return
	}
	if c.running {
		c.pending = true
		ss.mu.Unlock()
		return
	}
	if c.timer != nil {
		c.timer.Stop() // a request may run the analysis before its debounce ends
	}
	if c.analyzed == c.gen && c.done != nil {
		ss.mu.Unlock()
		return // already analyzed, on a request's demand
	}
	c.running = true
	c.done = make(chan struct{})
	if c.last != nil && c.last.size >= ss.staleLimit && ss.staleLimit > 0 {
		c.last = nil
		forgetViews(dir, nil)
	}
	gen := c.gen
	snap := ss.snapshotLocked()
	ss.mu.Unlock()

	start := time.Now()
	a := ss.analyze(dir, snap)
	ss.traceAnalysis(a, dir, "", start)

	ss.mu.Lock()
	defer ss.mu.Unlock()
	c.running = false
	c.analyzed = gen
	close(c.done)
	if ss.closed {
		return
	}
	if a != nil {
		// Newer than any analysis before it, even when a change made it
		// stale: requests use it until the next one lands. A large
		// connector with no open document is not kept: its model would
		// stay in memory for nothing once its last file is closed.
		a.gen = gen
		c.last = a
		if ss.staleLimit > 0 && a.size >= ss.staleLimit && !opensIn(snap, dir) {
			c.last = nil
		}
		forgetViews(dir, c.last)
	}
	if c.gen == gen {
		ss.publishLocked(c, a, snap)
	}
	if c.pending || c.gen != gen {
		c.pending = false
		ss.scheduleLocked(c, 0)
	}
	adjustMemoryLimit()
}

// latest returns the connector's newest analysis for an editor request:
// the last one (possibly older than the request's documents, which the
// editor features allow for), else the one running, else one run now. It
// returns nil for a connector that has none, or when ctx ends first.
func (ss *session) latest(ctx context.Context, dir string) *analysis {
	for {
		ss.mu.Lock()
		c := ss.conns[dir]
		switch {
		case ss.closed || c == nil:
			ss.mu.Unlock()
			return nil
		case c.last != nil:
			a := c.last
			ss.mu.Unlock()
			return a
		case c.running:
			done := c.done
			ss.mu.Unlock()
			if !waitFor(ctx, done) {
				return nil
			}
		case c.analyzed == c.gen && c.done != nil:
			// Analyzed, but not kept: no connector was found, or a large
			// connector with no open document (see analyzeAndPublish).
			ss.mu.Unlock()
			return ss.analyzeTraced(dir, ss.snapshot(), " for a request")
		default:
			ss.mu.Unlock()
			ss.analyzeAndPublish(dir)
		}
	}
}

// current returns an analysis of the connector of path that reflects the
// snapshot exactly. It waits for the connector's running analysis, or runs
// the next one now, rather than build a second model beside it; only a
// request that raced an edit (its snapshot older than the newest analysis)
// or a connector the session does not track gets an analysis of its own.
func (ss *session) current(ctx context.Context, path string, snap *snapshot) *analysis {
	dir := ss.dirOf(path)
	if dir == "" {
		return nil
	}
	for {
		ss.mu.Lock()
		c := ss.conns[dir]
		if ss.closed || c == nil {
			ss.mu.Unlock()
			return ss.analyze(dir, snap)
		}
		if c.analyzed == c.gen && c.done != nil {
			last, gen := c.last, c.gen
			ss.mu.Unlock()
			if last != nil && last.gen == gen && sameVersions(last, snap, dir) {
				return last
			}
			return ss.analyzeTraced(dir, snap, " for a request that raced an edit")
		}
		if c.running {
			done := c.done
			ss.mu.Unlock()
			if !waitFor(ctx, done) {
				return nil
			}
			continue
		}
		ss.mu.Unlock()
		ss.analyzeAndPublish(dir)
	}
}

// waitFor waits until done is closed; false when ctx ends first.
func waitFor(ctx context.Context, done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// analyzeTraced runs an analysis outside the connector's pipeline (kept by
// no one) and traces it with the reason.
func (ss *session) analyzeTraced(dir string, snap *snapshot, why string) *analysis {
	start := time.Now()
	a := ss.analyze(dir, snap)
	ss.traceAnalysis(a, dir, why, start)
	return a
}

// traceAnalysis logs an analysis when the client asked for a trace.
func (ss *session) traceAnalysis(a *analysis, dir, why string, start time.Time) {
	ss.mu.Lock()
	traced := ss.caps.logToClient
	ss.mu.Unlock()
	if !traced {
		return
	}
	if a == nil {
		ss.srv.logf("analyzed %s%s: no connector", dir, why)
		return
	}
	ss.srv.logf("analyzed %s%s: %d files, %d KB of M, %d findings, in %.1f ms", dir, why, len(a.conn.Files()), a.size>>10, len(a.findings), float64(time.Since(start).Microseconds())/1000)
}

// opensIn reports whether a document of the connector folder dir is open.
func opensIn(snap *snapshot, dir string) bool {
	for _, d := range snap.docs {
		if d.dir == dir {
			return true
		}
	}
	return false
}

func sameVersions(a *analysis, snap *snapshot, dir string) bool {
	for p, d := range snap.docs {
		if strings.HasPrefix(p, dir+string(filepath.Separator)) {
			if v, ok := a.versions[p]; !ok || v != d.version {
				return false
			}
		}
	}
	for p := range a.versions {
		if strings.HasPrefix(p, dir+string(filepath.Separator)) {
			if _, ok := snap.docs[p]; !ok {
				return false
			}
		}
	}
	return true
}

// publishLocked sends the diagnostics of an analysis: every file of the
// connector gets its list (an empty one clears what was there).
func (ss *session) publishLocked(c *connState, a *analysis, snap *snapshot) {
	byFile := map[string][]rules.Finding{}
	if a != nil {
		for _, f := range a.conn.Files() {
			byFile[f.Path] = nil
		}
		if a.conn.Resx != nil {
			byFile[a.conn.Resx.Path] = nil
		}
		for _, f := range a.findings {
			if f.File != "" {
				byFile[f.File] = append(byFile[f.File], f)
			}
		}
	}
	for p := range c.published {
		if _, ok := byFile[p]; !ok {
			byFile[p] = nil
		}
	}
	for p, d := range snap.docs {
		if d.dir == c.dir {
			if _, ok := byFile[p]; !ok {
				byFile[p] = nil
			}
		}
	}
	paths := make([]string, 0, len(byFile))
	for p := range byFile {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	c.published = map[string]bool{}
	for _, p := range paths {
		fs := byFile[p]
		if len(fs) > 0 {
			c.published[p] = true
		}
		params := publishParams{URI: uriOf(p, snap), Diagnostics: diagnostics(fs, a, snap)}
		if d := snap.docs[p]; d != nil {
			v := d.version
			params.Version = &v
		}
		ss.srv.notify(context.Background(), "textDocument/publishDiagnostics", params)
	}
}

// uriOf returns the URI the client uses for a path.
func uriOf(path string, snap *snapshot) string {
	if d := snap.docs[path]; d != nil {
		return d.uri
	}
	return workspace.URIFromPath(path)
}

// textOf returns the text of a file as the client sees it: the open buffer,
// else the disk's decoded text (nil when unreadable).
func textOf(path string, snap *snapshot, a *analysis) []byte {
	if d := snap.docs[path]; d != nil {
		return d.file.Text()
	}
	if a != nil {
		if sf := a.conn.FileByPath(path); sf != nil {
			return sf.File.Text()
		}
		if a.conn.Resx != nil && a.conn.Resx.Path == path {
			return a.conn.Resx.Text
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	text, _, _ := document.Decode(raw)
	return text
}

// checkAll analyzes and publishes every connector under the folders.
func (ss *session) checkAll(folders []string) int {
	dirs, _ := workspace.Discover(folders)
	for _, dir := range dirs {
		ss.mu.Lock()
		c := ss.conns[dir]
		if c == nil {
			c = &connState{dir: dir, published: map[string]bool{}}
			ss.conns[dir] = c
		}
		c.gen++
		ss.mu.Unlock()
		ss.analyzeAndPublish(dir)
	}
	return len(dirs)
}

// reanalyzeAll schedules every known connector again (configuration changed).
func (ss *session) reanalyzeAll() {
	ss.mu.Lock()
	var paths []string
	for dir := range ss.conns {
		paths = append(paths, filepath.Join(dir, "x.pq"))
	}
	ss.mu.Unlock()
	for _, p := range paths {
		ss.changed(p)
	}
}
