// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package parser

import (
	"strings"
	"testing"

	"github.com/go-python/gpython/py"
)

// benchSource is a program in the shape of a workflow definition:
// imports, a class, functions, calls with keyword arguments, literals.
var benchSource = strings.Repeat(`
import logging
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

class Trainer(object):
    """Trains and validates a model."""

    def __init__(self, name, retries=3, *args, **kwargs):
        self.name = name
        self.retries = retries
        self.options = {'lr': 0.01, 'epochs': [1, 2, 3], 'tags': ('a', 'b')}

    def run(self, data):
        scores = [x * 2 + 1 for x in data if x % 3 != 0]
        if len(scores) > 10 and not self.name.startswith('test'):
            logging.info('scores %s', scores[-3:])
        return sum(scores) / max(len(scores), 1)

with Workflow(name='train', namespace='default') as w:
    prepare = BashOperator(name='prepare', bash_command='echo prepare && sleep 1')
    train = BashOperator(name='train', bash_command='python train.py --epochs %d' % 3)
    w.action_on_task_status(task_name='train', action='START', upstream_task_status_dict={prepare: 'SUCCESS'})
`, 4)

// BenchmarkParse parses a 100-line definition-like program.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(strings.NewReader(benchSource), "bench.py", py.ExecMode); err != nil {
			b.Fatal(err)
		}
	}
}
