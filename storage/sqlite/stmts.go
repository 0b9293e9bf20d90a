package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmts keeps the writer's statements prepared: SQLite parses a statement
// every time it is prepared, and the engine runs the same few statements
// for every task a hundred times a second. A query is prepared on the
// writer after the first transaction that ran it has ended (during a
// transaction the writer's one connection is taken), and is then reused
// by every later transaction through Tx.StmtContext.
type stmts struct {
	mu        sync.Mutex
	prepared  map[string]*sql.Stmt
	todo      map[string]bool
	preparing bool
	closed    bool
}

// maxStmts bounds the cache: queries built from a variable number of
// filters (event keys) would otherwise grow it without end.
const maxStmts = 256

func newStmts() *stmts {
	return &stmts{prepared: map[string]*sql.Stmt{}, todo: map[string]bool{}}
}

// get returns the prepared statement of query, or nil, and then notes it
// to be prepared.
func (c *stmts) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.prepared[query]; ok {
		return st
	}
	if len(c.prepared)+len(c.todo) < maxStmts {
		c.todo[query] = true
	}
	return nil
}

// prepareLater prepares the noted queries on w in the background: the
// writer's one connection may be taken by the next transaction already, and
// the caller must not wait for it. A query that fails to prepare is simply
// run unprepared.
func (c *stmts) prepareLater(w *sql.DB) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.preparing || c.closed || len(c.todo) == 0 {
		return
	}
	c.preparing = true
	go func() {
		for {
			c.mu.Lock()
			var q string
			for q = range c.todo {
				break
			}
			if q == "" || c.closed {
				c.preparing = false
				c.mu.Unlock()
				return
			}
			delete(c.todo, q)
			c.mu.Unlock()
			// Not under c.mu: preparing waits for the connection, whose
			// transaction needs c.mu to look statements up.
			st, err := w.PrepareContext(context.Background(), q)
			c.mu.Lock()
			if err == nil && !c.closed {
				c.prepared[q] = st
			} else if err == nil {
				st.Close()
			}
			c.mu.Unlock()
		}
	}()
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for q, st := range c.prepared {
		st.Close()
		delete(c.prepared, q)
	}
}

// cachedTx is a write transaction that runs the statements it can
// prepared.
type cachedTx struct {
	tx *sql.Tx
	c  *stmts
}

func (t cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.c.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.c.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.c.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
