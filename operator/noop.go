package operator

// Noop is a plain ai_flow Operator: a valid task that runs nothing and
// succeeds at once.
const Noop Kind = "noop"

func init() {
	register(&Operator{Kind: Noop, Class: "Operator", Module: "ai_flow.model.operator",
		Doc: "Does nothing and succeeds at once."})
}
