//go:build race

package pyhost

// raceEnabled reports a -race build, which runs Python code about ten
// times slower: timing checks do not apply.
const raceEnabled = true
