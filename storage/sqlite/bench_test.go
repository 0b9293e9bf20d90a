package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/aiflow-go/aiflow/storage"
)

// BenchmarkListWorkflows lists 10,000 workflows in one call; the target is
// well under 100 ms per list.
func BenchmarkListWorkflows(b *testing.B) {
	ctx := context.Background()
	s := openDB(b, newDB(b))
	defer s.Close()
	const n = 10000
	err := s.Update(ctx, func(tx storage.Tx) error {
		for i := range n {
			if _, _, err := tx.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: fmt.Sprintf("wf%05d", i),
				Snapshot: storage.Snapshot{SourceName: "wf.yaml", Source: []byte("name: wf\n"), IR: []byte("[]")}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		ws, err := s.ListWorkflows(ctx, storage.WorkflowFilter{Namespace: "default"})
		if err != nil || len(ws) != n {
			b.Fatalf("ListWorkflows: %d, %v", len(ws), err)
		}
	}
}

// BenchmarkAppendEvent appends events one transaction each, as the server
// does for every send.
func BenchmarkAppendEvent(b *testing.B) {
	ctx := context.Background()
	s := openDB(b, newDB(b))
	defer s.Close()
	i := 0
	for b.Loop() {
		i++
		if _, err := s.AppendEvent(ctx, storage.Event{Key: "k", Value: "v", Namespace: "default", Context: `{"workflow_execution_id": 1}`}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppendEventParallel appends from several goroutines at once,
// serialized by the single writer connection.
func BenchmarkAppendEventParallel(b *testing.B) {
	ctx := context.Background()
	s := openDB(b, newDB(b))
	defer s.Close()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.AppendEvent(ctx, storage.Event{Key: "k", Value: "v", Namespace: "default"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
