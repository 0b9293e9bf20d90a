package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	"github.com/posener/complete"
	"github.com/willabides/kongplete"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
)

// completionTimeout bounds the server calls that complete workflow and
// namespace names: the shell waits on them at every Tab.
const completionTimeout = 500 * time.Millisecond

// completionCmd prints what registers aiflow's completion with a shell.
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"Shell to complete in (${enum})."`
}

// Help is the long help of aiflow completion.
func (c *completionCmd) Help() string {
	return `Prints the lines that make the shell complete aiflow commands, flags, their
values, definition files and, when a server is running, workflow and
namespace names. The shell runs this binary (by its absolute path) with
COMP_LINE set to get the completions. Add the output to the shell's
startup file:

  aiflow completion bash >> ~/.bashrc
  aiflow completion zsh >> ~/.zshrc
  aiflow completion fish > ~/.config/fish/completions/aiflow.fish`
}

// Run prints the snippet; its forms are the ones posener/complete (which
// answers the requests) installs itself.
func (c *completionCmd) Run(e *env) error {
	bin, err := os.Executable()
	if err == nil {
		bin, err = filepath.Abs(bin)
	}
	if err != nil {
		return fmt.Errorf("find the path of the aiflow binary: %w", err)
	}
	var s string
	switch c.Shell {
	case "bash":
		// bash evaluates the -C string as a command, hence quoted twice.
		s = "complete -C " + posixQuote(posixQuote(bin)) + " aiflow\n"
	case "zsh":
		s = "autoload -U +X bashcompinit && bashcompinit\n" +
			"complete -o nospace -C " + posixQuote(posixQuote(bin)) + " aiflow\n"
	case "fish":
		// COMP_LINE ends with a space when the word under the cursor is
		// empty, as bash sets it.
		s = "function __complete_aiflow\n" +
			"    set -lx COMP_LINE (commandline -cp)\n" +
			"    test -z (commandline -ct)\n" +
			"    and set COMP_LINE \"$COMP_LINE \"\n" +
			"    " + fishQuote(bin) + "\n" +
			"end\n" +
			"complete -f -c aiflow -a \"(__complete_aiflow)\"\n"
	}
	_, err = fmt.Fprint(e.stdout, s)
	return err
}

// posixQuote quotes s for sh when it holds more than plain path characters.
func posixQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-:@,%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote quotes s for fish, where a backslash inside single quotes
// escapes too.
func fishQuote(s string) string {
	if posixQuote(s) == s {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'"
}

// completeLine answers a shell's completion request: COMP_LINE holds the
// command line up to the cursor, and the candidates for the word under it
// go to k's stdout, one a line, in any order (the shell sorts them).
func completeLine(k *kong.Kong) error {
	cmd, err := kongplete.Command(k, kongplete.WithPredictors(map[string]complete.Predictor{
		"definition": complete.PredictFunc(predictDefinitions),
		"file":       complete.PredictFiles("*"),
		"namespace":  complete.PredictFunc(predictNamespaces),
		"workflow":   complete.PredictFunc(predictWorkflows),
		"schedule":   predictIDs((*client.Client).AllSchedules, func(s api.Schedule) int64 { return s.ID }),
		"trigger":    predictIDs((*client.Client).AllTriggers, func(t api.Trigger) int64 { return t.ID }),
		"execution": predictIDs(func(cl *client.Client, ctx context.Context) ([]api.Execution, error) {
			return cl.AllExecutions(ctx) // the running ones
		}, func(x api.Execution) int64 { return x.ID }),
	}))
	if err != nil {
		return err
	}
	addFlagAliases(k.Model.Node, cmd)
	c := complete.New(k.Model.Name, cmd)
	c.Out = k.Stdout
	c.Complete()
	return nil
}

// addFlagAliases completes flag aliases (validate's --output) like the
// flags they stand for; kongplete knows only the names.
func addFlagAliases(n *kong.Node, c complete.Command) {
	for _, f := range n.Flags {
		for _, a := range f.Aliases {
			c.GlobalFlags["--"+a] = c.GlobalFlags["--"+f.Name]
		}
	}
	for _, child := range n.Children {
		if sub, ok := c.Sub[child.Name]; ok {
			addFlagAliases(child, sub)
		}
	}
}

// predictDefinitions completes definition files (.py, .yaml, .yml) and the
// folders on the way to them.
func predictDefinitions(a complete.Args) []string {
	var out []string
	for _, pat := range []string{"*.py", "*.yaml", "*.yml"} {
		out = append(out, complete.PredictFiles(pat).Predict(a)...)
	}
	// Every pattern lists the folders again.
	slices.Sort(out)
	return slices.Compact(out)
}

// predictNamespaces asks the server for the namespace names.
func predictNamespaces(complete.Args) []string {
	return serverNames(func(ctx context.Context) ([]string, error) {
		cl, err := newClient()
		if err != nil {
			return nil, err
		}
		nss, err := cl.Namespaces(ctx)
		names := make([]string, len(nss))
		for i, n := range nss {
			names[i] = n.Name
		}
		return names, err
	})
}

// predictWorkflows asks the server for the workflow names of the namespace
// that -n names on the line.
func predictWorkflows(a complete.Args) []string {
	return serverNames(func(ctx context.Context) ([]string, error) {
		cl, err := newClient()
		if err != nil {
			return nil, err
		}
		ws, err := cl.Workflows(ctx, lineNamespace(a.Completed))
		names := make([]string, len(ws))
		for i, w := range ws {
			names[i] = w.Name
		}
		return names, err
	})
}

// predictIDs completes the ids of what list asks the server for.
func predictIDs[T any](list func(*client.Client, context.Context) ([]T, error), id func(T) int64) complete.Predictor {
	return complete.PredictFunc(func(complete.Args) []string {
		return serverNames(func(ctx context.Context) ([]string, error) {
			cl, err := newClient()
			if err != nil {
				return nil, err
			}
			xs, err := list(cl, ctx)
			ids := make([]string, len(xs))
			for i, x := range xs {
				ids[i] = strconv.FormatInt(id(x), 10)
			}
			return ids, err
		})
	})
}

// serverNames runs list within completionTimeout. Completion has no place
// to report errors: a server that is down or slow completes nothing.
func serverNames(list func(context.Context) ([]string, error)) []string {
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	names, err := list(ctx)
	if err != nil {
		return nil
	}
	return names
}

// lineNamespace finds the value of -n/--namespace among the completed
// words, in the forms kong accepts; the flag's default is "default".
func lineNamespace(words []string) string {
	ns := "default"
	for i, w := range words {
		var v string
		switch {
		case w == "-n" || w == "--namespace":
			if i+1 >= len(words) {
				continue
			}
			v = words[i+1]
		case strings.HasPrefix(w, "--namespace="):
			v = strings.TrimPrefix(w, "--namespace=")
		case strings.HasPrefix(w, "-n") && !strings.HasPrefix(w, "--"):
			v = strings.TrimPrefix(w[2:], "=")
		default:
			continue
		}
		ns = v
	}
	return ns
}
