package server

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aiflow-go/aiflow/api"
)

// The body of an upload (api.UploadRequest) is read as a stream, not with
// encoding/json: the definition and every artifact, base64 strings inside
// the JSON, are decoded straight into files of a staging folder, so that
// an upload holds a few buffers in memory however large its artifacts are
// (encoding/json would hold the whole body, then the decoded bytes too).
// The grammar is JSON's, with encoding/json's behaviour for this type: keys
// are matched without regard to case, unknown keys are refused, null leaves
// a field unset, a later duplicate key wins.

const (
	// maxUploadString bounds the strings of an upload that are not
	// base64 data (paths, names).
	maxUploadString = 4096
	// maxArtifacts bounds the files of one upload.
	maxArtifacts = 10000
)

// stagedUpload is an upload whose definition and artifacts were written to
// files: req.Source and the Data of req.Files are nil, source and blobs[i]
// name the files that hold them ("" for none).
type stagedUpload struct {
	req    api.UploadRequest
	source string
	blobs  []string
}

// uploadDecoder reads one upload body into dir.
type uploadDecoder struct {
	r     *bufio.Reader
	dir   string
	blobs int
}

// badBody is a 400 for a body that is not a valid upload.
func badBody(format string, args ...any) error {
	return errorf(http.StatusBadRequest, api.CodeBadRequest, "bad request body: "+format, args...)
}

// decodeUpload reads the upload body r, writing the data to files in dir.
// Like every body, it must be valid UTF-8 (utf8Reader).
func decodeUpload(r io.Reader, dir string) (*stagedUpload, error) {
	d := &uploadDecoder{r: bufio.NewReaderSize(&utf8Reader{r: r}, 64<<10), dir: dir}
	up := &stagedUpload{}
	err := d.object("", func(key string) error {
		switch {
		case strings.EqualFold(key, "path"):
			return d.stringField(&up.req.Path, `"path"`)
		case strings.EqualFold(key, "source_name"):
			return d.stringField(&up.req.SourceName, `"source_name"`)
		case strings.EqualFold(key, "namespace"):
			return d.stringField(&up.req.Namespace, `"namespace"`)
		case strings.EqualFold(key, "source"):
			return d.dataField(&up.source, `"source"`)
		case strings.EqualFold(key, "files"):
			up.req.Files, up.blobs = nil, nil
			return d.files(up)
		}
		return badBody("json: unknown field %q", key)
	})
	if err != nil {
		return nil, err
	}
	switch _, err := d.skipSpace(); {
	case err == io.EOF:
		return up, nil
	case err != nil:
		return nil, d.eof(err)
	default:
		return nil, badBody("more than one JSON value")
	}
}

// files reads the files array (or null).
func (d *uploadDecoder) files(up *stagedUpload) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	return d.array("files", func(i int) error {
		if i >= maxArtifacts {
			return badBody("more than %d files", maxArtifacts)
		}
		var f api.File
		var blob string
		err := d.object(fmt.Sprintf("files[%d]", i), func(key string) error {
			switch {
			case strings.EqualFold(key, "path"):
				return d.stringField(&f.Path, `"path" of files[`+strconv.Itoa(i)+"]")
			case strings.EqualFold(key, "mode"):
				return d.mode(&f.Mode, i)
			case strings.EqualFold(key, "data"):
				return d.dataField(&blob, `"data" of files[`+strconv.Itoa(i)+"]")
			}
			return badBody("json: unknown field %q", key)
		})
		up.req.Files = append(up.req.Files, f)
		up.blobs = append(up.blobs, blob)
		return err
	})
}

// object reads an object, calling member for each key with the reader at
// its value; what names it in errors.
func (d *uploadDecoder) object(what string, member func(key string) error) error {
	notIt := what + " must be a JSON object"
	if what == "" {
		notIt = "the upload must be a JSON object"
	}
	return d.sequence('{', '}', notIt, "object key:value pair", func(int) error {
		b, err := d.skipSpace()
		if err != nil {
			return d.eof(err)
		}
		if b != '"' {
			return badBody("invalid character %q looking for beginning of object key string", b)
		}
		key, err := d.stringRest(maxUploadString, "an object key")
		if err != nil {
			return err
		}
		if b, err = d.skipSpace(); err != nil {
			return d.eof(err)
		}
		if b != ':' {
			return badBody("invalid character %q after object key", b)
		}
		return member(key)
	})
}

// array reads an array, calling elem for each element with the reader at
// it.
func (d *uploadDecoder) array(what string, elem func(i int) error) error {
	return d.sequence('[', ']', what+" must be a JSON array", "array element", elem)
}

// sequence reads open, then items separated by commas up to close, calling
// item for the i-th with the reader at it; notIt is the error when open is
// not there, after names an item in errors.
func (d *uploadDecoder) sequence(open, close byte, notIt, after string, item func(i int) error) error {
	b, err := d.skipSpace()
	if err != nil {
		return d.eof(err)
	}
	if b != open {
		return badBody("%s", notIt)
	}
	if b, err = d.skipSpace(); err != nil {
		return d.eof(err)
	}
	if b == close {
		return nil
	}
	d.r.UnreadByte()
	for i := 0; ; i++ {
		if err := item(i); err != nil {
			return err
		}
		if b, err = d.skipSpace(); err != nil {
			return d.eof(err)
		}
		if b == close {
			return nil
		}
		if b != ',' {
			return badBody("invalid character %q after %s", b, after)
		}
	}
}

// openString reads up to the opening quote of a string value, or a null
// (null is true then); what names the value and want its kind in errors.
func (d *uploadDecoder) openString(what, want string) (null bool, err error) {
	if null, err := d.null(); null || err != nil {
		return null, err
	}
	b, err := d.skipSpace()
	if err != nil {
		return false, d.eof(err)
	}
	if b != '"' {
		return false, badBody("%s must be %s", what, want)
	}
	return false, nil
}

// stringField reads a string (or null, which leaves *dst alone); what
// names it in errors.
func (d *uploadDecoder) stringField(dst *string, what string) error {
	if null, err := d.openString(what, "a string"); null || err != nil {
		return err
	}
	s, err := d.stringRest(maxUploadString, what)
	if err != nil {
		return err
	}
	*dst = s
	return nil
}

// dataField reads a base64 string (or null) into a new file of the
// staging folder, whose name it sets in *blob.
func (d *uploadDecoder) dataField(blob *string, what string) error {
	if null, err := d.openString(what, "a base64 string"); null || err != nil {
		return err
	}
	d.blobs++
	name := filepath.Join(d.dir, "blob-"+strconv.Itoa(d.blobs))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("stage the upload's files: %w", stageErr(err))
	}
	sr := &stringReader{d: d}
	w := bufio.NewWriterSize(f, 64<<10)
	_, err = io.Copy(w, base64.NewDecoder(base64.StdEncoding, sr))
	if err == nil {
		// Anything left after the padding is not base64.
		var rest [1]byte
		if n, _ := sr.Read(rest[:]); n > 0 {
			err = base64.CorruptInputError(0)
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var ce base64.CorruptInputError
	switch {
	case errors.As(err, &ce):
		return badBody("%s is not base64: illegal base64 data at input byte %d", what, int64(ce))
	case errors.Is(err, io.ErrUnexpectedEOF) && sr.err == nil:
		return badBody("%s is not base64: its length is not a multiple of 4", what)
	case sr.err != nil:
		return sr.err
	case err != nil:
		// Writing the staging file failed (a full disk): the server's
		// problem, but its folder is nobody else's business.
		return fmt.Errorf("stage the upload's files: %w", stageErr(err))
	}
	*blob = name
	return nil
}

// mode reads the mode of files[i].
func (d *uploadDecoder) mode(dst *uint32, i int) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	var tok []byte
	for {
		b, err := d.r.ReadByte()
		if err != nil {
			if err == io.EOF && len(tok) > 0 {
				break
			}
			return d.eof(err)
		}
		if len(tok) == 0 && isSpace(b) {
			continue
		}
		if !strings.ContainsRune("+-0123456789.eE", rune(b)) {
			d.r.UnreadByte()
			break
		}
		if tok = append(tok, b); len(tok) > 32 {
			break
		}
	}
	if len(tok) > 1 && tok[0] == '0' {
		return badBody("invalid number %.40q in \"mode\" of files[%d]: JSON numbers have no leading zeros", tok, i)
	}
	n, err := strconv.ParseUint(string(tok), 10, 32)
	if err != nil {
		return badBody("\"mode\" of files[%d] must be a file mode (an integer such as 420 for 0644), got %.40q", i, tok)
	}
	*dst = uint32(n)
	return nil
}

// null consumes a JSON null if one comes next.
func (d *uploadDecoder) null() (bool, error) {
	b, err := d.skipSpace()
	if err != nil {
		return false, d.eof(err)
	}
	if b != 'n' {
		d.r.UnreadByte()
		return false, nil
	}
	rest := make([]byte, 3)
	if _, err := io.ReadFull(d.r, rest); err != nil {
		return false, d.eof(err)
	}
	if string(rest) != "ull" {
		return false, badBody("invalid literal n%s", rest)
	}
	return true, nil
}

// skipSpace returns the next byte that is not white space.
func (d *uploadDecoder) skipSpace() (byte, error) {
	for {
		b, err := d.r.ReadByte()
		if err != nil || !isSpace(b) {
			return b, err
		}
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// eof turns an error reading the body into a 400 (the end of the body in
// the middle of the JSON, a read that timed out or was cut), except the
// body limit, which fail answers 413.
func (d *uploadDecoder) eof(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return badBody("unexpected end of JSON input")
	case errors.As(err, &mbe):
		return err
	}
	return badBody("%v", err)
}

// stringRest reads the rest of a string whose opening quote was read, of at
// most limit bytes.
func (d *uploadDecoder) stringRest(limit int, what string) (string, error) {
	sr := &stringReader{d: d}
	var sb strings.Builder
	buf := make([]byte, 256)
	for {
		n, err := sr.Read(buf)
		sb.Write(buf[:n])
		if sb.Len() > limit {
			return "", badBody("%s is longer than %d bytes", what, limit)
		}
		if err == io.EOF {
			return sb.String(), nil
		}
		if err != nil {
			return "", err
		}
	}
}

// stringReader reads the content of a JSON string, unescaped, up to its
// closing quote (then io.EOF). Raw bytes are passed on as they are (the
// name checks refuse invalid UTF-8 where it matters).
type stringReader struct {
	d       *uploadDecoder
	pending []byte // unescaped bytes not yet returned
	done    bool
	err     error // the error that ended the string early
}

func (s *stringReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(s.pending) > 0 {
			c := copy(p[n:], s.pending)
			s.pending, n = s.pending[c:], n+c
			continue
		}
		if s.done {
			break
		}
		// Copy a run of plain bytes straight from the buffer.
		if buf, _ := s.d.r.Peek(min(s.d.r.Buffered(), len(p)-n)); len(buf) > 0 {
			i := 0
			for i < len(buf) && buf[i] != '"' && buf[i] != '\\' && buf[i] >= 0x20 {
				i++
			}
			if i > 0 {
				copy(p[n:], buf[:i])
				s.d.r.Discard(i)
				n += i
				continue
			}
		}
		b, err := s.d.r.ReadByte()
		if err != nil {
			s.err = s.d.eof(err)
			return n, s.err
		}
		switch {
		case b == '"':
			s.done = true
		case b < 0x20:
			s.err = badBody("invalid character %q in string literal", b)
			return n, s.err
		case b == '\\':
			if err := s.escape(); err != nil {
				s.err = err
				return n, err
			}
		default:
			p[n] = b
			n++
		}
	}
	if n == 0 && s.done {
		return 0, io.EOF
	}
	return n, nil
}

// escape reads an escape sequence after its backslash into pending.
func (s *stringReader) escape() error {
	b, err := s.d.r.ReadByte()
	if err != nil {
		return s.d.eof(err)
	}
	switch b {
	case '"', '\\', '/':
		s.pending = append(s.pending[:0], b)
	case 'b':
		s.pending = append(s.pending[:0], '\b')
	case 'f':
		s.pending = append(s.pending[:0], '\f')
	case 'n':
		s.pending = append(s.pending[:0], '\n')
	case 'r':
		s.pending = append(s.pending[:0], '\r')
	case 't':
		s.pending = append(s.pending[:0], '\t')
	case 'u':
		r, err := s.hex4()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			// A pair makes one rune; a lone surrogate is U+FFFD, as in
			// encoding/json.
			if next, _ := s.d.r.Peek(2); string(next) == `\u` {
				s.d.r.Discard(2)
				r2, err := s.hex4()
				if err != nil {
					return err
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
				} else {
					s.pending = utf8.AppendRune(s.pending[:0], utf8.RuneError)
					r = r2
					if utf16.IsSurrogate(r) {
						r = utf8.RuneError
					}
					s.pending = utf8.AppendRune(s.pending, r)
					return nil
				}
			} else {
				r = utf8.RuneError
			}
		}
		s.pending = utf8.AppendRune(s.pending[:0], r)
	default:
		return badBody("invalid character %q in string escape code", b)
	}
	return nil
}

func (s *stringReader) hex4() (rune, error) {
	var h [4]byte
	if _, err := io.ReadFull(s.d.r, h[:]); err != nil {
		return 0, s.d.eof(err)
	}
	v, err := strconv.ParseUint(string(h[:]), 16, 32)
	if err != nil {
		return 0, badBody("invalid character in \\u escape %q", h[:])
	}
	return rune(v), nil
}
