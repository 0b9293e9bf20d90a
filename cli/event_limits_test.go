package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/api"
)

// TestEventListPagesBySize: event list asks for pages until one says that no
// more follow (Next), not until one is short: the server cuts pages by
// size too.
func TestEventListPagesBySize(t *testing.T) {
	var afters []string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == api.PathHealth {
			json.NewEncoder(w).Encode(api.Health{Status: "ok"})
			return
		}
		after := r.URL.Query().Get("after")
		afters = append(afters, after)
		n, _ := strconv.Atoi(after)
		// Short pages of two events, then a last one.
		page := api.Events{Events: []api.Event{{Offset: int64(n + 1), Key: "k"}, {Offset: int64(n + 2), Key: "k"}}}
		if n < 4 {
			page.Next = int64(n + 2)
		}
		json.NewEncoder(w).Encode(page)
	}))
	defer hs.Close()
	t.Setenv("AIFLOW_HOME", t.TempDir())
	t.Setenv("AIFLOW_SERVER", strings.TrimPrefix(hs.URL, "http://"))
	var out strings.Builder
	if code := Main([]string{"event", "list", "-o", "json"}, strings.NewReader(""), &out, io.Discard); code != 0 {
		t.Fatalf("event list: exit %d", code)
	}
	if got := strings.Count(out.String(), `"offset"`); got != 6 {
		t.Errorf("%d events listed, want 6:\n%s", got, out.String())
	}
	if got := strings.Join(afters, ","); got != ",2,4" {
		t.Errorf("pages asked after %q, want \",2,4\"", got)
	}
}
