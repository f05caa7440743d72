// Prints Go's own %v of a set of floats and complex numbers, with their
// bits, as ground truth for the float formatting tests:
//   go run float_vectors_gen.go > float_vectors.txt

//go:build ignore

package main

import (
	"fmt"
	"math"
	"math/rand"
)

func main() {
	vals := []float64{0, 1, -1, 0.1, 0.2, 0.3, 1e6, 1e5, 123456, 1234567, 1.5e-7, 0.0001, 0.00001, 1e21, 1e20, 1e100, 5e-324, math.MaxFloat64, math.SmallestNonzeroFloat64, 3.141592653589793, 2.5, 100, 1e-5, 123456789, 0.000123, -0.0, 1.0 / 3, 2.0 / 3, 9007199254740993, 4.35, 299792458, 6.02214076e23}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		vals = append(vals, math.Float64frombits(r.Uint64()))
		vals = append(vals, r.Float64()*math.Pow(10, float64(r.Intn(40)-20)))
	}
	for _, v := range vals {
		fmt.Printf("F64 %016x %v\n", math.Float64bits(v), v)
	}
	f32 := []float32{0, 1, 0.1, 1e6, 3.4028235e38, 1e-45, 16777217, 0.3, 1.5e-7, 123456.7}
	for i := 0; i < 300; i++ {
		f32 = append(f32, math.Float32frombits(r.Uint32()))
		f32 = append(f32, float32(r.Float64()*math.Pow(10, float64(r.Intn(30)-15))))
	}
	for _, v := range f32 {
		fmt.Printf("F32 %08x %v\n", math.Float32bits(v), v)
	}
	cs := []complex128{complex(1, 2), complex(1, -2), complex(0, math.Inf(1)), complex(1, math.NaN()), complex(-1.5, 0), complex(1e6, 1e-7)}
	for _, c := range cs {
		fmt.Printf("C128 %016x %016x %v\n", math.Float64bits(real(c)), math.Float64bits(imag(c)), c)
	}
	c64 := []complex64{complex(1, 2), complex(0.1, -0.2)}
	for _, c := range c64 {
		fmt.Printf("C64 %08x %08x %v\n", math.Float32bits(real(c)), math.Float32bits(imag(c)), c)
	}
}
