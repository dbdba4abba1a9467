package rules

import "github.com/pqcert/pqcert/server/config"

// ConfigFrom turns a connector's configuration into the engine's: rule
// severities, and `initialRelease: true` making PQC302 an error unless the
// user set its severity.
func ConfigFrom(c *config.Config) Config {
	out := Config{Severities: map[string]Severity{}}
	if c == nil {
		return out
	}
	for code, sev := range c.Rules {
		out.Severities[code] = sev
	}
	out.InitialRelease = c.InitialRelease
	if c.InitialRelease != nil && *c.InitialRelease {
		if _, set := out.Severities["PQC302"]; !set {
			out.Severities["PQC302"] = Error
		}
	}
	return out
}
