package plots

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"

	vgdraw "gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// encodePNG is lossless: image/png decodes every chart of the fixture, and
// images of other shapes and kinds, to exactly the pixels drawn, and the
// same image always encodes to the same bytes.
func TestEncodePNG(t *testing.T) {
	var imgs []image.Image
	r, sc := fixture()
	for _, c := range All([]Run{{Result: r, Scenario: sc}}) {
		cv := vgimg.New(Width, Height)
		c.Plot.Draw(vgdraw.New(cv))
		imgs = append(imgs, cv.Image())
	}
	noise := image.NewRGBA(image.Rect(-3, 5, 61, 42)) // odd bounds, every byte different
	for i := range noise.Pix {
		noise.Pix[i] = byte(i*7 + i/5)
		if i%4 == 3 {
			noise.Pix[i] = 0xff
		}
	}
	imgs = append(imgs, noise, noise.SubImage(image.Rect(2, 9, 30, 20)))
	translucent := image.NewRGBA(image.Rect(0, 0, 10, 10)) // not opaque: image/png's path
	draw.Draw(translucent, translucent.Bounds(), image.NewUniform(color.RGBA{10, 20, 30, 40}), image.Point{}, draw.Src)
	imgs = append(imgs, translucent, image.NewGray(image.Rect(0, 0, 4, 4)))
	for i, m := range imgs {
		data, err := encodePNG(m)
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if again, _ := encodePNG(m); !bytes.Equal(again, data) {
			t.Errorf("image %d: two encodings differ", i)
		}
		got, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if got.Bounds().Size() != m.Bounds().Size() {
			t.Fatalf("image %d: size %v, want %v", i, got.Bounds().Size(), m.Bounds().Size())
		}
		b, gb := m.Bounds(), got.Bounds()
		for y := range b.Dy() {
			for x := range b.Dx() {
				if w, g := color.NRGBAModel.Convert(m.At(b.Min.X+x, b.Min.Y+y)), color.NRGBAModel.Convert(got.At(gb.Min.X+x, gb.Min.Y+y)); w != g {
					t.Fatalf("image %d: pixel (%d, %d) is %v, want %v", i, x, y, g, w)
				}
			}
		}
	}
}
