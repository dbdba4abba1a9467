package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/pqcert/pqcert/server/config"
)

// -- Lifecycle Methods --

func init() {
	register("initialize", initialize, true)
	register("initialized", initialized, true)
	register("shutdown", shutdown, true)
	register("$/setTrace", setTrace, true)
	register("workspace/didChangeConfiguration", didChangeConfiguration, true)
	register("workspace/didChangeWorkspaceFolders", didChangeWorkspaceFolders, true)
}

// Version is the server's version, reported in initialize.
var Version = "0.1.0"

type initializeParams struct {
	RootURI          string                      `json:"rootUri"`
	Capabilities     protocol.ClientCapabilities `json:"capabilities"`
	Trace            string                      `json:"trace"`
	WorkspaceFolders []protocol.WorkspaceFolder  `json:"workspaceFolders"`
}

func initialize(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p initializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	caps := clientCaps{logToClient: p.Trace != "" && p.Trace != "off"}
	if ws := p.Capabilities.Workspace; ws != nil {
		caps.configuration = ws.Configuration
		if ws.WorkspaceEdit != nil {
			caps.documentChanges = ws.WorkspaceEdit.DocumentChanges
			for _, op := range ws.WorkspaceEdit.ResourceOperations {
				if op == "create" {
					caps.resourceOperations = true
				}
			}
		}
		if ws.DidChangeWatchedFiles != nil {
			caps.watchRegistration = ws.DidChangeWatchedFiles.DynamicRegistration
		}
	}
	if td := p.Capabilities.TextDocument; td != nil && td.Completion != nil && td.Completion.CompletionItem != nil {
		caps.snippets = td.Completion.CompletionItem.SnippetSupport
	}
	var folders []string
	for _, f := range p.WorkspaceFolders {
		if path := pathOf(string(f.URI)); path != "" {
			folders = append(folders, path)
		}
	}
	if len(folders) == 0 && p.RootURI != "" {
		if path := pathOf(p.RootURI); path != "" {
			folders = append(folders, path)
		}
	}
	s.session.mu.Lock()
	s.session.caps = caps
	s.session.folders = folders
	s.session.mu.Unlock()
	s.state.Store(stateInitialized)
	return initializeResult{
		Capabilities: serverCapabilities(),
		ServerInfo:   &protocol.ServerInfo{Name: "pqcert", Version: Version},
	}, nil
}

type initializeResult struct {
	Capabilities map[string]any       `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// capabilities lists what the server offers; handler files add theirs.
var capabilities = map[string]any{}

func serverCapabilities() map[string]any {
	out := map[string]any{
		"textDocumentSync": map[string]any{
			"openClose": true,
			"change":    protocol.TextDocumentSyncKindIncremental,
			"save":      map[string]any{"includeText": false},
		},
		"codeActionProvider": map[string]any{
			"codeActionKinds": []string{"quickfix", "source.fixAll.pqcert"},
		},
		"executeCommandProvider": map[string]any{
			"commands": []string{"pqcert.report", "pqcert.checkWorkspace"},
		},
		"workspace": map[string]any{
			"workspaceFolders": map[string]any{"supported": true, "changeNotifications": true},
		},
	}
	for k, v := range capabilities {
		out[k] = v
	}
	return out
}

func initialized(ctx context.Context, s *server, _ json.RawMessage) (any, error) {
	s.session.mu.Lock()
	caps := s.session.caps
	s.session.mu.Unlock()
	// Calls to the client wait for answers that arrive through the read
	// loop, so they must not block it.
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if caps.watchRegistration {
			reg := map[string]any{"registrations": []any{map[string]any{
				"id": "pqcert-watch", "method": "workspace/didChangeWatchedFiles",
				"registerOptions": map[string]any{"watchers": []any{
					map[string]any{"globPattern": "**/*.{pq,pqm,m,resx,png,mez,pbix}"},
					map[string]any{"globPattern": "**/.pqcert.json"},
				}},
			}}}
			if err := s.call(s.ctx, "client/registerCapability", reg, nil); err != nil {
				s.logf("registering file watchers: %v", err)
			}
		}
		if caps.configuration {
			s.pullConfiguration(s.ctx)
		}
	}()
	return nil, nil
}

func shutdown(ctx context.Context, s *server, _ json.RawMessage) (any, error) {
	s.state.Store(stateShutdown)
	return nil, nil
}

func setTrace(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		Value string `json:"value"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.session.mu.Lock()
	s.session.caps.logToClient = p.Value != "" && p.Value != "off"
	s.session.mu.Unlock()
	return nil, nil
}

// settings is the `pqcert` section of the editor's settings.
type settings struct {
	Rules            map[string]string `json:"rules"`
	KnownIdentifiers []string          `json:"knownIdentifiers"`
}

func (st settings) config() *config.Config {
	c := config.Default()
	c.Rules = map[string]config.Severity{}
	for code, word := range st.Rules {
		if sev, ok := config.ParseSeverity(word); ok {
			c.Rules[code] = sev
		}
	}
	c.KnownIdentifiers = st.KnownIdentifiers
	return c
}

// pullConfiguration asks the client for the pqcert settings and re-checks.
func (s *server) pullConfiguration(ctx context.Context) {
	var result []settings
	params := map[string]any{"items": []any{map[string]any{"section": "pqcert"}}}
	if err := s.call(ctx, "workspace/configuration", params, &result); err != nil {
		s.logf("workspace/configuration: %v", err)
		return
	}
	if len(result) == 0 {
		return
	}
	s.session.mu.Lock()
	s.session.settings = result[0].config()
	s.session.mu.Unlock()
	s.session.reanalyzeAll()
}

func didChangeConfiguration(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	s.session.mu.Lock()
	pull := s.session.caps.configuration
	s.session.mu.Unlock()
	if pull {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.pullConfiguration(s.ctx)
		}()
		return nil, nil
	}
	// Clients that cannot be asked push the settings.
	var p struct {
		Settings struct {
			Pqcert *settings `json:"pqcert"`
		} `json:"settings"`
	}
	if json.Unmarshal(params, &p) == nil && p.Settings.Pqcert != nil {
		s.session.mu.Lock()
		s.session.settings = p.Settings.Pqcert.config()
		s.session.mu.Unlock()
		s.session.reanalyzeAll()
	}
	return nil, nil
}

func didChangeWorkspaceFolders(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		Event struct {
			Added   []protocol.WorkspaceFolder `json:"added"`
			Removed []protocol.WorkspaceFolder `json:"removed"`
		} `json:"event"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.session.mu.Lock()
	defer s.session.mu.Unlock()
	removed := map[string]bool{}
	for _, f := range p.Event.Removed {
		removed[pathOf(string(f.URI))] = true
	}
	var folders []string
	for _, f := range s.session.folders {
		if !removed[f] {
			folders = append(folders, f)
		}
	}
	for _, f := range p.Event.Added {
		if path := pathOf(string(f.URI)); path != "" {
			folders = append(folders, path)
		}
	}
	s.session.folders = folders
	return nil, nil
}
