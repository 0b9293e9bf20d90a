// Package pydef loads AIFlow Python workflow files into ir.Workflow values by
// running them in an embedded, sandboxed gpython interpreter.
//
// # Pipeline
//
// A load goes: rewrite (Python 3.6+ syntax into gpython's 3.4 grammar, lines
// kept, see pydef/rewrite), a syntax-tree pass over the rewritten source
// that records every call of the file (callee position, keyword and
// positional argument positions) and wraps it as
// __aiflow_at__(site, callee, args...), compilation, then a fresh pyhost
// session per load (never reused) that imports the embedded ai_flow shim and
// runs the file as a module named after the file stem, so an
// `if __name__ == "__main__":` block does not run, as in AIFlow. Rewrite,
// call pass and compilation depend only on the file name and content and
// are cached process-wide (weakly: a file stays cached while something
// uses it); the shim is compiled once per process. The shim's modules
// (and the sandbox's standard library written in Python) are executed once
// per process, in a template (pyhost.Templates, made after the first loads
// have shown which modules definitions import), and each later load gets
// its own copy of the modules it imports instead of running their bodies
// again: a copy of the module dicts, classes, functions and registries,
// so that nothing one definition changes is seen by another.
// Modules next to the definition file that it imports get the same
// rewrite (in pyhost's import hook) but not the call pass, and their
// syntax problems are reported in their own file; Load returns their
// files (pyhost's Session.UserFiles), which uploads include.
//
// # Call sites
//
// gpython has no frame introspection (sys._getframe is not implemented and
// frames have no back pointer), so the shim cannot ask who called it.
// Instead every call f(...) of the definition file whose callee is a name
// or a dotted name runs through ai_flow._capture.at, which keeps a stack of
// the calls in progress; a Workflow, an operator, a rule or a condition
// records the innermost one as its site. The export maps the site back to
// the call's syntax for spans: the callee's position for the object, the
// keyword values for its fields (Fields.At("bash.bash_command", ...), ...), all
// mapped through the rewrite's column map to the user's columns. The CPython
// reference (testdata/cpython_dump.py) wraps calls the same way with
// Python's ast module, so both interpreters record the same sites.
//
// # Capture and export
//
// The shim (shim/ai_flow, shim/notification_service) implements AIFlow's
// public API with its module paths and records into ai_flow._capture: the
// workflows in creation order, their tasks and rules, schedules and
// triggers declared through ai_flow.ops (recorded, never sent) and
// problems such as an operator outside a with block. It is written in the
// Python subset that both gpython v0.2.0 and CPython 3.11 run, so the
// differential test runs the same files under CPython. Like AIFlow, only
// workflows bound to a module-level name are loaded.
//
// The export converts Python values to nil, bool, int64, float64, string,
// []any and map[string]any; other objects become their repr. Python
// exceptions become diagnostics at the innermost frame of the user's code,
// with a column inferred from the message. The call pass also marks the
// calls written in `if __name__ == "__main__":` blocks; those whose callee
// resolves, through the module's globals, to an ai_flow.ops function are
// reported as ops-in-main-block, since a load never runs them.
//
// # Apply
//
// Apply runs a file as __main__ with ai_flow.ops bound to a Server: the
// binding (ai_flow.ops._binding.server) is a Go function that converts the
// arguments with goValue, exports a trigger's condition with the exporter
// (so a trigger is the IR a declared one would be) and raises
// AIFlowException with the server's error code. _capture.main_sites holds
// the site ids of the main-block calls, and an ops call reaches the server
// only when a call in progress is one of them: elsewhere it keeps its load
// meaning, so that what the file declares is stored once, by its upload.
// The shim's ops functions turn the server's JSON into AIFlow's metadata
// objects; the CPython runtime (engine/pyrun) uses the same functions with
// an HTTP binding.
//
// Loader is safe for concurrent use: every load has its own interpreter.
package pydef
