package ir

// Validate runs every semantic check over the workflows of one run (one or
// more files) and returns what it found. Front ends only report structural
// problems; everything that holds for both syntaxes is checked here.
func Validate(ws []*Workflow) Diagnostics {
	return nil
}
