// Package pyhost is the sandboxed gpython host that pydef runs AIFlow
// workflow definition files in.
//
// # Sessions
//
// A Session wraps one fresh interpreter (its own py.Context implementation,
// so none of gpython's file-resolving machinery is used). NewSession costs
// tens of microseconds; make one per load. Its entry points (RunModule,
// Import, Call) are serialised by a mutex, recover gpython panics into an
// InternalError, and each gets a fresh step budget (Options.MaxSteps,
// Options.MaxDepth, Options.Done) enforced by the vendored VM, so an
// endless loop ends in a BudgetError and deep recursion in RecursionError.
// CallLimited gives one call limits of its own (pydef's custom conditions):
// a step budget, a wall-time limit and a watch on the Go heap. A goroutine
// per call closes the budget's done channel when a limit is reached, and
// the VM looks at it every 64 instructions, so a loop that allocates tens
// of megabytes per iteration stops within a few of them; the heap is read
// from runtime/metrics every millisecond, and a growth over the limit is
// confirmed after a collection so that garbage does not count.
//
// # Templates
//
// A Templates (Options.Templates) spares sessions the execution of the
// modules they import from Options.Modules and the standard library
// written in Python. Sessions report, when closed, the modules they
// executed; the next session made after such a report gets a Template
// rebuilt with them: a session of its own (no folder, environment or
// stubs) that imports them once, and a py.Snapshot of every Python module
// it executed. A session with a template copies a module on its first
// import of it, with everything the module reaches that it has not copied
// yet, and registers the modules that importing it brought in, in
// CPython's order: sys.modules and the submodules bound to a package are
// what executing the bodies would have given. The copy shares strings,
// numbers, code objects and builtin types and makes its own module dicts,
// classes, functions (which run in the session: its budget, builtins,
// import hook and sandbox), instances and containers, so no session sees
// another's changes; the host's own modules the template's objects refer
// to (sys, os, json, ...) are the session's. A module whose template fails
// (one that needs a stub) is left out, and sessions keep executing it.
// Classes made by __build_class__ hold no Python object in Go closures
// (a class's own __new__ is looked up when it is called), so a copied
// class calls its own copies.
//
// # Process-wide patches
//
// Setup runs once, before any session (NewSession and Compile call it). It
// patches gpython's shared builtin types: dict.fromkeys (with keys of any
// type; str.format, dict.update and the other methods the loader used to
// add are in the fork now); gpython's own methods of str, bytes and the
// containers made callable through the class (str.join(sep, items));
// the enum metatype (enumMetaType, the type of every class with Enum in
// its MRO), whose __iter__, __len__, __contains__ and __getitem__ serve
// enum classes (for region in Region, Color['RED']). Class attribute
// access (inherited class attributes, classmethods and staticmethods
// through the class, __name__, __mro__, __bases__), the guard that keeps
// Python code from changing a builtin type (which would leak into every
// other session) and list[str], dict[str, int], type[X] (PEP 585 aliases,
// which function annotations evaluate) are the fork's (patches 36 and
// 37). After Setup the shared types are only read, so sessions in
// different goroutines do not race.
//
// # Per-session builtins
//
// isinstance and issubclass (MRO-aware, typing aliases through
// __origin__), callable, id, hash, super(cls, obj), property, reversed,
// format, round, dir, vars, a read-only open, __import__, and its own
// __build_class__ (gpython derives the metaclass from the first base's Go
// type, which breaks subclasses of exceptions and other builtins; it also
// honours __new__, turns Enum attributes into members in
// definition order, makes Color(value) look them up, and drops the str/int
// mixin of `class TaskAction(str, Enum)`, whose members then compare,
// hash, add and serialise like their values; MixinValue gives such a
// member's value to code that converts Python values). The runtime helpers called by
// code rewritten by pydef/rewrite (__fstr__, __objdict__, __merge_dicts__,
// __merge_kwargs__, __unpack_list__, __unpack_tuple__, __unpack_set__)
// follow the conventions in that package's documentation. __objdict__
// builds an insertion-ordered mapping with arbitrary hashable keys (user
// objects by identity unless they define __eq__), or a plain dict when
// every key is a str. gpython's dicts keep insertion order (fork patch
// 32), so the helpers, json, re's groupdict and functools.partial keep it
// too, and keyword arguments reach a **kwargs parameter in the order of
// the call.
//
// # Imports
//
// The import hook has CPython semantics (import a.b binds a, fromlist
// submodules, relative imports, parent attributes) and serves, in order:
// Options.Modules (the ai_flow shim), the sandboxed standard library,
// modules and packages under Options.Dir (rewritten by pydef/rewrite as
// the definition file is, compiled through the process-wide cache and
// executed once per session; their syntax errors, and syntax the rewrite
// reports as unsupported (UnsupportedSyntaxError, SyntaxLoc.Unsupported),
// are located in the user's text; a folder without __init__.py is a
// namespace package, as in CPython), and stubs chosen by Options.Stubs. sys.path stays empty: nothing is ever read from CPython's
// library folders. Session.UserFiles lists the files read from
// Options.Dir, which uploads carry with the definition.
//
// The standard library: Go modules sys, os and os.path (environment
// snapshot from Options.Env, queries only inside Options.Dir), json, random
// (seeded by Options.Seed, so loads are reproducible), time (sleep returns
// at once), math, re (Go regexp, RE2 syntax), datetime, copy, hashlib,
// base64, uuid (seeded), importlib.import_module; Python modules under
// pystd: typing, abc, enum, logging (to Options.Stdout, with CPython's
// % formatting), functools, collections, itertools, string, warnings,
// contextlib, types, operator, textwrap, pprint, getpass and platform (the
// last two with fixed answers). Modules that reach outside
// (subprocess, shutil, socket, urllib, http, requests, threading,
// multiprocessing, tempfile, glob, pathlib, pickle, ...) import fine and
// raise a SandboxError on any use.
//
// A stub stands for a task-only library (numpy, sklearn, ...). Reading
// its attributes gives more stubs, so `from sklearn.svm import SVC` and
// annotations such as `np.ndarray` load; calling, iterating, indexing or
// subclassing one raises StubUsedError. Known task-only libraries are
// listed by StubbedImports with Known set; other unknown modules with
// Known false (they may be typos).
//
// # Sandbox
//
// Definitions cannot write files, start processes or open connections:
// such calls raise a SandboxViolation, which derives from BaseException so
// that `except Exception` does not hide it. The first violation of a run
// is also recorded, so the entry point reports a SandboxError even if
// Python code caught it.
package pyhost
