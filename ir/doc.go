// Package ir is the one intermediate representation of AIFlow workflow
// definitions. Both front ends (pydef for Python files, yamldef for YAML)
// build ir.Workflow values with source spans and report structural problems
// as Diagnostics; Validate then holds every semantic check exactly once, so a
// duplicate task or a bad cron expression gets the same code and message
// whichever syntax it was written in.
//
// The package is plain data: besides internal/spell it imports nothing from
// the project, and it holds no YAML, gpython or SQL types. Spans are kept out of the canonical JSON
// encoding so that the Python and YAML forms of one workflow encode to
// byte-identical JSON.
package ir
