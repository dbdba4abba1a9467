package lsp_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeovim shows that an LSP client nobody on the team wrote, Neovim's,
// receives pqcert's diagnostics. It runs when nvim is installed (.ci/run
// installs Debian's neovim).
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not installed")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "pqcert")
	build := exec.Command("go", "build", "-o", bin, "../cmd/pqcert")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatal(err)
	}
	dir := writeConnector(t, map[string]string{"Nv.pq": "[Version = \"1.0\"]\nsection Nv;\nshared Nv.A = notDefined;\n"})
	init, _ := filepath.Abs("testdata/nvim/init.lua")
	cmd := exec.Command(nvim, "--headless", "--clean", "-u", init, "-c", "lua report()", filepath.Join(dir, "Nv.pq"))
	cmd.Env = append(os.Environ(), "PQCERT="+bin, "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{`"code":"PQC004"`, `"code":"PQC701"`, `"source":"pqcert"`, `"line":2`} {
		if !strings.Contains(got, want) {
			t.Errorf("neovim's diagnostics lack %s:\n%s", want, got)
		}
	}
}
