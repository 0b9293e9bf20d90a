// Package operator is the registry of the operators a task can run. Each
// operator is one file here that registers, from init, its ai_flow class
// and arguments (read by both front ends and the YAML JSON Schema), the
// checks of those arguments, the command line that runs a try the way
// AIFlow's operator builds it (aiflow-reference.md §5), and, where a run
// leaves something outside its process group, the commands that stop it
// (flink cancel or stop, yarn application -kill, kubectl delete, docker
// stop) with the job identifiers read from the run's output. Its Python
// class lives in the definition shim (pydef/shim/ai_flow/operators).
//
// The package is pure: it starts no process and reads the host only through
// the Environment it is given, so tests pin every argv exactly. The process
// runner (engine/process) executes the Specs.
//
// Where AIFlow has bugs, the builders fix them instead of copying them:
// command_options and submit_options are split like a shell would (AIFlow
// splits on white space and so breaks quoted values), spark-submit found on
// PATH is really used (AIFlow looked up "spark_submit" and got None), and a
// stop command never carries a missing target or application id.
package operator
