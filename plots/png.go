package plots

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
)

// encodePNG writes an opaque *image.RGBA (what vgimg draws on its white
// background) as an 8-bit RGB PNG: rows unfiltered, one IDAT chunk,
// compressed at zlib.BestSpeed. On plots that is as small as image/png's
// output at png.BestSpeed (whose per-row filter choice costs more than the
// compression) and two to three times faster to write. The same image
// always gives the same bytes. Any other image goes through image/png at
// png.BestSpeed.
func encodePNG(img image.Image) ([]byte, error) {
	m, ok := img.(*image.RGBA)
	if !ok || m.Rect.Empty() || !opaque(m) {
		var b bytes.Buffer
		err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
		return b.Bytes(), err
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var idat bytes.Buffer
	z, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	row := make([]byte, 1+3*w) // row[0] stays 0: filter type None
	for y := range h {
		px := m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y+y):]
		for x := range w {
			copy(row[1+3*x:4+3*x], px[4*x:4*x+3])
		}
		if _, err := z.Write(row); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(idat.Len() + 64)
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, colour type 2 (RGB); deflate, adaptive filtering, no interlace
	writeChunk(&out, "IHDR", ihdr[:])
	writeChunk(&out, "IDAT", idat.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// writeChunk appends a PNG chunk: length, type, data, CRC of type and data.
func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}

// opaque reports whether every pixel of m has full alpha.
func opaque(m *image.RGBA) bool {
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		px := m.Pix[m.PixOffset(m.Rect.Min.X, y):]
		for x := range m.Rect.Dx() {
			if px[4*x+3] != 0xff {
				return false
			}
		}
	}
	return true
}
