// Package cli is the aiflow command line: a thin kong command tree whose
// commands call parser, engine or storage and render the result.
//
// Main never exits the process and never panics: kong's exit hook is turned
// into a sentinel panic that Main recovers, so tests and testscript can run
// it in-process. Exit codes follow actionlint: 0 ok, 1 findings or a failed
// run, 2 usage error, 3 internal error.
//
// Layout: cli.go holds Main and the command tree, one file per command
// or command group (validate.go, schema.go, version.go, db.go, config.go,
// server.go, namespace.go, workflow.go, execution.go, event.go, run.go,
// taskmanager.go) keeps its Run methods thin, progress.go draws the
// progress of executions being waited for, the
// commands that need the server call it through package client (server.go
// resolves its address and token), output.go renders list and show
// results as table, json or yaml, and
// render.go and sarif.go turn diagnostics into text, json, github and sarif
// output. Renderers take plain data, never a parser.Result, so that their
// golden tests (testdata/render) need no front end; testdata/script holds the
// end-to-end testscript scripts.
package cli
