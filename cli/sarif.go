package cli

import (
	"io"
	"net/url"
	"path/filepath"

	"github.com/aiflow-go/aiflow/ir"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the subset
// GitHub code scanning reads.
const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifSrcRoot is the base that relative artifact URIs resolve against;
	// upload-sarif maps it to the checkout.
	sarifSrcRoot = "%SRCROOT%"
	infoURI      = "https://github.com/aiflow-go/aiflow"
)

type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        *int            `json:"ruleIndex,omitempty"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations,omitempty"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		Message          *sarifMessage `json:"message,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

// writeSARIF prints diags as a SARIF log with one run. Every code of ir.Codes
// is a rule, so rule indexes stay stable across runs. File paths are made
// relative to root (the working folder) and based on %SRCROOT%; a path
// outside root stays absolute, as a file: URI.
func writeSARIF(w io.Writer, diags ir.Diagnostics, root string) error {
	driver := sarifDriver{Name: "aiflow", Version: Version, InformationURI: infoURI, Rules: []sarifRule{}}
	index := map[ir.Code]int{}
	for i, c := range ir.Codes {
		index[c.Code] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   string(c.Code),
			ShortDescription:     sarifMessage{Text: c.Summary},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(c.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, d := range diags {
		res := sarifResult{RuleID: string(d.Code), Level: sarifLevel(d.Severity), Message: sarifMessage{Text: d.Message}}
		if i, ok := index[d.Code]; ok {
			res.RuleIndex = &i
		}
		if loc, ok := sarifLocate(d.Span, root); ok {
			res.Locations = []sarifLocation{loc}
		}
		for i, r := range d.Related {
			if loc, ok := sarifLocate(r.Span, root); ok {
				loc.ID = &i
				loc.Message = &sarifMessage{Text: r.Message}
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
		}
		run.Results = append(run.Results, res)
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifLevel(s ir.Severity) string {
	if s == ir.Warning {
		return "warning"
	}
	return "error"
}

// sarifLocate turns a span into a SARIF location; a span without a file has
// none.
func sarifLocate(sp ir.Span, root string) (sarifLocation, bool) {
	if sp.File == "" {
		return sarifLocation{}, false
	}
	art := sarifArtifact{URIBaseID: sarifSrcRoot}
	path := sp.File
	if filepath.IsAbs(path) {
		if rel, err := filepath.Rel(root, path); err == nil && filepath.IsLocal(rel) {
			path = rel
		} else {
			art.URIBaseID = ""
		}
	}
	u := url.URL{Path: filepath.ToSlash(path)}
	if art.URIBaseID == "" {
		u.Scheme = "file"
	}
	art.URI = u.String()
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art}}
	if sp.Start.Line > 0 {
		reg := &sarifRegion{StartLine: sp.Start.Line, StartColumn: sp.Start.Col}
		if sp.End.Line > 0 {
			reg.EndLine, reg.EndColumn = sp.End.Line, sp.End.Col
		}
		loc.PhysicalLocation.Region = reg
	}
	return loc, true
}
