// Prints strings (as hex bytes) with Go's own %q of each, as ground truth
// for the quoting tests:
//   go run quote_vectors_gen.go > quote_vectors.txt

//go:build ignore

package main

import (
	"fmt"
	"math/rand"
	"unicode/utf8"
)

func main() {
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 2000; i++ {
		var b []byte
		for j := 0; j < 1+r.Intn(4); j++ {
			switch r.Intn(4) {
			case 0:
				b = append(b, byte(r.Intn(256)))
			case 1:
				b = utf8.AppendRune(b, rune(r.Intn(0x800)))
			case 2:
				b = utf8.AppendRune(b, rune(r.Intn(0x10000)))
			default:
				b = utf8.AppendRune(b, rune(r.Intn(0x110000)))
			}
		}
		fmt.Printf("%x %q\n", b, b)
	}
}
