package pydef

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/internal/golden"
	"github.com/aiflow-go/aiflow/ir"
)

// TestAPISurface loads testdata/api/*.py, which import AIFlow's public names
// from AIFlow's module paths and call its constructors with AIFlow's keyword
// names, checking attributes in Python as they go. A load must succeed
// without errors, and its IR is compared with X.golden (refresh with
// -update). TestCPython runs the same files under CPython.
func TestAPISurface(t *testing.T) {
	files, _ := filepath.Glob("testdata/api/*.py")
	if len(files) == 0 {
		t.Fatal("no API samples")
	}
	l := newTestLoader(t)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ws, diags := loadFile(t, l, file)
			for _, d := range diags {
				if d.Severity == ir.Error {
					t.Errorf("unexpected error: %v", d)
				}
			}
			golden.Check(t, strings.TrimSuffix(file, ".py")+".golden", render(t, ws, diags))
		})
	}
}

// TestAPIServerCalls calls, with AIFlow's parameter names, every API that
// would reach the AIFlow or notification server. Each must be refused as a
// sandbox violation naming the call, not fail as a TypeError, which would
// mean that the shim's signature differs from AIFlow's.
func TestAPIServerCalls(t *testing.T) {
	const imports = `from ai_flow import ops
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.rpc.client.aiflow_client import get_notification_client, get_scheduler_client
from notification_service.client.embedded_notification_client import EmbeddedNotificationClient
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
with Workflow(name='w') as w:
    BashOperator(name='t', bash_command='x')
`
	tests := []struct{ call, name string }{
		{"ops.upload_workflows(workflow_file_path='w.py', artifacts=['a'])", "ai_flow.ops.upload_workflows"},
		{"ops.get_workflow(workflow_name='w', namespace='default')", "ai_flow.ops.get_workflow"},
		{"ops.list_workflows(namespace='default', limit=10, offset=0)", "ai_flow.ops.list_workflows"},
		{"ops.delete_workflow(workflow_name='w', namespace='default')", "ai_flow.ops.delete_workflow"},
		{"ops.disable_workflow(workflow_name='w', namespace='default')", "ai_flow.ops.disable_workflow"},
		{"ops.enable_workflow(workflow_name='w', namespace='default')", "ai_flow.ops.enable_workflow"},
		{"ops.start_workflow_execution(workflow_name='w', namespace='default')", "ai_flow.ops.start_workflow_execution"},
		{"ops.stop_workflow_execution(workflow_execution_id=1)", "ai_flow.ops.stop_workflow_execution"},
		{"ops.stop_workflow_executions(workflow_name='w', namespace='default')", "ai_flow.ops.stop_workflow_executions"},
		{"ops.get_workflow_execution(workflow_execution_id=1)", "ai_flow.ops.get_workflow_execution"},
		{"ops.list_workflow_executions(workflow_name='w', namespace='default', limit=1, offset=0)", "ai_flow.ops.list_workflow_executions"},
		{"ops.delete_workflow_execution(workflow_execution_id=1)", "ai_flow.ops.delete_workflow_execution"},
		{"ops.start_task_execution(workflow_execution_id=1, task_name='t')", "ai_flow.ops.start_task_execution"},
		{"ops.stop_task_execution(workflow_execution_id=1, task_name='t')", "ai_flow.ops.stop_task_execution"},
		{"ops.get_task_execution(task_execution_id=1)", "ai_flow.ops.get_task_execution"},
		{"ops.list_task_executions(workflow_execution_id=1, limit=1, offset=0)", "ai_flow.ops.list_task_executions"},
		{"ops.get_workflow_schedule(schedule_id=1)", "ai_flow.ops.get_workflow_schedule"},
		{"ops.list_workflow_schedules(workflow_name='w', namespace='default', limit=1, offset=0)", "ai_flow.ops.list_workflow_schedules"},
		{"ops.delete_workflow_schedule(schedule_id=1)", "ai_flow.ops.delete_workflow_schedule"},
		{"ops.delete_workflow_schedules(workflow_name='w', namespace='default')", "ai_flow.ops.delete_workflow_schedules"},
		{"ops.pause_workflow_schedule(schedule_id=1)", "ai_flow.ops.pause_workflow_schedule"},
		{"ops.resume_workflow_schedule(schedule_id=1)", "ai_flow.ops.resume_workflow_schedule"},
		{"ops.get_workflow_snapshot(snapshot_id=1)", "ai_flow.ops.get_workflow_snapshot"},
		{"ops.list_workflow_snapshots(workflow_name='w', namespace='default', limit=1, offset=0)", "ai_flow.ops.list_workflow_snapshots"},
		{"ops.delete_workflow_snapshot(snapshot_id=1)", "ai_flow.ops.delete_workflow_snapshot"},
		{"ops.delete_workflow_snapshots(workflow_name='w', namespace='default')", "ai_flow.ops.delete_workflow_snapshots"},
		{"ops.get_workflow_trigger(trigger_id=1)", "ai_flow.ops.get_workflow_trigger"},
		{"ops.list_workflow_triggers(workflow_name='w', namespace='default', limit=1, offset=0)", "ai_flow.ops.list_workflow_triggers"},
		{"ops.delete_workflow_trigger(trigger_id=1)", "ai_flow.ops.delete_workflow_trigger"},
		{"ops.delete_workflow_triggers(workflow_name='w', namespace='default')", "ai_flow.ops.delete_workflow_triggers"},
		{"ops.pause_workflow_trigger(trigger_id=1)", "ai_flow.ops.pause_workflow_trigger"},
		{"ops.resume_workflow_trigger(trigger_id=1)", "ai_flow.ops.resume_workflow_trigger"},
		{"ops.add_namespace(name='n', properties={})", "ai_flow.ops.add_namespace"},
		{"ops.get_namespace(name='n')", "ai_flow.ops.get_namespace"},
		{"ops.update_namespace(name='n', properties={})", "ai_flow.ops.update_namespace"},
		{"ops.list_namespace(limit=1, offset=0)", "ai_flow.ops.list_namespace"},
		{"ops.delete_namespace(name='n')", "ai_flow.ops.delete_namespace"},
		{"AIFlowNotificationClient(server_uri='localhost:50052')", "AIFlowNotificationClient()"},
		{"EmbeddedNotificationClient(server_uri='localhost:50052', namespace='n', sender='s', client_id=1, initial_seq_num=0)", "EmbeddedNotificationClient()"},
		{"get_scheduler_client(server_uri='localhost:50051')", "ai_flow.rpc.client.aiflow_client.get_scheduler_client"},
		{"get_notification_client(notification_server_uri='localhost:50052', namespace='n', sender='s')", "ai_flow.rpc.client.aiflow_client.get_notification_client"},
	}
	l := newTestLoader(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, diags := l.Load(context.Background(), "wf.py", []byte(imports+tt.call+"\n"))
			want := fmt.Sprintf("%s would talk to the AIFlow server", tt.name)
			line := strings.Count(imports, "\n") + 1
			for _, d := range diags {
				if d.Code == ir.CodeSandbox && strings.Contains(d.Message, want) && d.Span.Start.Line == line {
					return
				}
			}
			t.Errorf("%s: want a sandbox violation at line %d naming %q, got %v", tt.call, line, tt.name, diags)
		})
	}
}
