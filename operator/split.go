package operator

import "errors"

// Split splits an option string into words the way a POSIX shell does,
// without expanding anything: white space separates words, single quotes
// keep everything literally, double quotes keep everything but a backslash
// before $, `, ", \ or a newline, and a backslash outside quotes escapes the
// next character (a backslash-newline pair disappears). Quotes join what
// touches them into one word, and a pair of empty quotes is an empty word.
func Split(s string) ([]string, error) {
	var (
		words []string
		cur   []rune
		in    bool // inside a word, even an empty quoted one
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if in {
				words = append(words, string(cur))
				cur, in = cur[:0], false
			}
		case c == '\\':
			if i+1 == len(rs) {
				return nil, errors.New("trailing backslash")
			}
			i++
			if rs[i] != '\n' {
				cur, in = append(cur, rs[i]), true
			}
		case c == '\'':
			in = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j == len(rs) {
				return nil, errors.New("unterminated single quote")
			}
			cur = append(cur, rs[i+1:j]...)
			i = j
		case c == '"':
			in = true
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) {
					switch rs[j+1] {
					case '$', '`', '"', '\\':
						j++
					case '\n':
						j++
						continue
					}
				}
				cur = append(cur, rs[j])
			}
			if j == len(rs) {
				return nil, errors.New("unterminated double quote")
			}
			i = j
		default:
			cur, in = append(cur, c), true
		}
	}
	if in {
		words = append(words, string(cur))
	}
	return words, nil
}
