// Package lsp implements the Language Server Protocol edge of pqcert: text
// synchronisation, live certification diagnostics, quick fixes, commands and
// the M language features. Call [Serve] with a stream (stdio or a pipe).
//
// It is the only package that imports go.lsp.dev: everything below it works
// in byte offsets and plain structs, and this package converts to UTF-16
// positions and protocol types at the edge.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// Options configure a server.
type Options struct {
	// Logger receives the server's log; stderr when nil. Never stdout,
	// which carries the protocol.
	Logger *log.Logger
	// Debounce is how long diagnostics wait for more typing; zero uses the
	// default.
	Debounce time.Duration
	// DocumentChanged, when set, sees each open document's text after every
	// applied change (tests compare it with the editor's).
	DocumentChanged func(uri string, version int32, text []byte)
	// StaleModelLimit is the size of a connector's M text, in bytes, from
	// which the previous analysis is dropped when the next starts; zero
	// uses the default (1 MiB), a negative value never drops it.
	StaleModelLimit int
}

// ErrExitWithoutShutdown is Serve's result when the client sent `exit`
// without `shutdown` first (the process should end with status 1).
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// Serve serves one client over rwc until it exits or the stream ends. It
// returns nil after shutdown and exit, ErrExitWithoutShutdown for an exit
// without shutdown, or the stream's error.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(newQueuedWriter(rwc)))
	s := newServer(conn, opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	conn.Go(ctx, s.handle)
	select {
	case <-conn.Done():
	case <-s.exited:
		conn.Close()
		<-conn.Done()
	case <-ctx.Done():
		conn.Close()
		<-conn.Done()
	}
	s.session.close()
	cancel() // ends calls to the client that goroutines still wait on
	s.wg.Wait()
	switch {
	case s.exitCode.Load() == 1:
		return ErrExitWithoutShutdown
	case s.exitCode.Load() == 2:
		return nil
	}
	if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		return err
	}
	return nil
}

// handlerFunc handles one request or notification. Requests return a
// result; notifications return nil.
type handlerFunc func(ctx context.Context, s *server, params json.RawMessage) (any, error)

// method describes how a method is handled.
type method struct {
	fn handlerFunc
	// sync methods run in the read loop, in order (text synchronisation);
	// the others run in their own goroutine after taking what they need.
	sync bool
}

// methods is the dispatch table; each handlers_*.go file adds its entries.
var methods = map[string]method{}

func register(name string, fn handlerFunc, sync bool) {
	if _, dup := methods[name]; dup {
		panic("lsp: method registered twice: " + name)
	}
	methods[name] = method{fn: fn, sync: sync}
}

type server struct {
	// ctx lives as long as the session; calls to the client use it.
	ctx     context.Context
	conn    jsonrpc2.Conn
	logger  *log.Logger
	session *session

	state    atomic.Int32 // 0 new, 1 initialized, 2 shut down
	exitCode atomic.Int32 // 1 exit without shutdown, 2 clean exit
	exited   chan struct{}
	exitOnce sync.Once

	// guards cancels
	mu      sync.Mutex
	cancels map[string]context.CancelFunc

	wg sync.WaitGroup
}

const (
	stateNew int32 = iota
	stateInitialized
	stateShutdown
)

func newServer(conn jsonrpc2.Conn, opts Options) *server {
	logger := opts.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	s := &server{conn: conn, logger: logger, exited: make(chan struct{}), cancels: map[string]context.CancelFunc{}}
	s.session = newSession(s, opts)
	adjustMemoryLimit()
	return s
}

// handle is the connection's handler: lifecycle checks, cancellation,
// panic recovery and dispatch.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	name := req.Method()
	call, isCall := req.(*jsonrpc2.Call)
	switch name {
	case "exit":
		if s.state.Load() == stateShutdown {
			s.exitCode.Store(2)
		} else {
			s.exitCode.Store(1)
		}
		s.exitOnce.Do(func() { close(s.exited) })
		return nil
	case "$/cancelRequest":
		s.cancel(req.Params())
		return nil
	}
	st := s.state.Load()
	if st == stateNew && name != "initialize" {
		if isCall {
			return s.sent(reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server is not initialized")))
		}
		return nil // notifications before initialize are dropped
	}
	if st == stateShutdown && isCall {
		return s.sent(reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shut down")))
	}
	m, ok := methods[name]
	if !ok {
		if isCall {
			return s.sent(reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not supported: %s", name)))
		}
		return nil // unknown notifications ($/… included) are ignored
	}
	if m.sync || !isCall {
		result, err := s.invoke(ctx, name, m.fn, req.Params())
		if isCall {
			return s.sent(reply(ctx, result, err))
		}
		if err != nil {
			s.logf("%s: %v", name, err)
		}
		return nil
	}
	key := fmt.Sprint(call.ID())
	cctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	// The request sees the documents as they were when it arrived.
	cctx = withSnapshot(cctx, s.session.snapshot())
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.cancels, key)
			s.mu.Unlock()
			cancel()
		}()
		result, err := s.invoke(cctx, name, m.fn, req.Params())
		if cctx.Err() != nil && err == nil && result == nil {
			err = jsonrpc2.NewError(jsonrpc2.Code(-32800), "request cancelled")
		}
		if err := reply(ctx, result, err); err != nil {
			s.logf("%s: reply: %v", name, err)
		}
	}()
	return nil
}

// sent logs a failed reply. The handler never returns an error to the
// connection: jsonrpc2 would fail the stream on it, and a second failure
// (the read error that follows) panics inside the library.
func (s *server) sent(err error) error {
	if err != nil {
		s.logf("reply: %v", err)
	}
	return nil
}

// invoke runs a handler, turning a panic into an error answer: one broken
// request never takes the server down.
func (s *server) invoke(ctx context.Context, name string, fn handlerFunc, params json.RawMessage) (result any, err error) {
	defer func() {
		if e := recover(); e != nil {
			s.logf("panic in %s: %v\n%s", name, e, debug.Stack())
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", name, e)
		}
	}()
	return fn(ctx, s, params)
}

// cancel handles $/cancelRequest, whose id is a number or a string. (The
// library's CancelHandler matches only int32 and string ids, but JSON
// numbers decode as float64, so it never cancels numeric ids.)
func (s *server) cancel(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(params, &p) != nil || len(p.ID) == 0 {
		return
	}
	var key string
	var n int64
	var str string
	switch {
	case json.Unmarshal(p.ID, &n) == nil:
		key = fmt.Sprint(jsonrpc2.NewNumberID(int32(n)))
	case json.Unmarshal(p.ID, &str) == nil:
		key = fmt.Sprint(jsonrpc2.NewStringID(str))
	default:
		return
	}
	s.mu.Lock()
	c := s.cancels[key]
	s.mu.Unlock()
	if c != nil {
		c()
	}
}

// notify sends a notification to the client, logging failures.
func (s *server) notify(ctx context.Context, method string, params any) {
	if err := s.conn.Notify(context.WithoutCancel(ctx), method, params); err != nil {
		s.logger.Printf("notify %s: %v", method, err)
	}
}

// call sends a request to the client. Never call it from a sync handler:
// the answer arrives through the read loop that the handler blocks.
func (s *server) call(ctx context.Context, method string, params, result any) error {
	_, err := s.conn.Call(ctx, method, params, result)
	return err
}

func decode(params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return nil
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

// errorf makes an InvalidParams error for the client.
func errorf(format string, args ...any) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, format, args...)
}

// logf logs to the server's log (stderr) and, when the client asked for
// traces, to the client's output as window/logMessage.
func (s *server) logf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.logger.Print(msg)
	s.session.mu.Lock()
	toClient := s.session.caps.logToClient
	s.session.mu.Unlock()
	if toClient {
		s.notify(context.Background(), "window/logMessage", map[string]any{"type": 4, "message": msg})
	}
}
