package flow_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model/modeltest"
)

// TestBrokenCode builds the model of every test connector, and of its
// section document cut short at many points: broken code must give a
// model, never a panic or a hang.
func TestBrokenCode(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "connectors", "*"))
	if err != nil || len(dirs) == 0 {
		t.Skip("no test connectors")
	}
	for _, dir := range dirs {
		files := map[string]string{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			name := e.Name()
			if ext := strings.ToLower(filepath.Ext(name)); ext == ".pq" || ext == ".pqm" {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err == nil {
					files[name] = string(data)
				}
			}
		}
		var main string
		for name := range files {
			if strings.EqualFold(filepath.Ext(name), ".pq") {
				main = name
			}
		}
		if main == "" {
			continue
		}
		m := modeltest.Build(t, files)
		_ = m.Flow.Requests
		text := files[main]
		step := len(text)/16 + 1
		for cut := 0; cut < len(text); cut += step {
			broken := map[string]string{}
			for k, v := range files {
				broken[k] = v
			}
			broken[main] = text[:cut]
			m := modeltest.Build(t, broken)
			for _, r := range m.Flow.Requests {
				_ = m.Flow.Tainted(r.URL)
			}
		}
	}
}

// TestOddCode covers constructs that follow nothing: cycles, self
// references, calls of non-functions, deep nesting.
func TestOddCode(t *testing.T) {
	deep := strings.Repeat("(", 2000) + "Extension.CurrentCredential()" + strings.Repeat(")", 2000)
	chain := strings.Repeat(`"a" & `, 3000) + `"b"`
	m := modeltest.Section(t, connector("Key = []", `
A = B;
B = A;
C = C + 1;
D = 1(2);
E = [x = E[x]][x];
F = (x) => F(F(x));
G = Web.Contents(A, [Headers = [K = `+deep+`, L = `+chain+`]]);
H = let x = y, y = x in Web.Contents(x);
Impl = () => {A, C, D, E, F(1), G, H};
`))
	r := request(t, m, "Web.Contents(A")
	if len(r.Credentials) != 1 || r.HTTPS {
		t.Errorf("uses %+v https %v", r.Credentials, r.HTTPS)
	}
}
