package org.newskeeper.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real images (decodable PNG and JPEG bytes) for the web double. */
final class Images {
    private static final byte[] PNG = encode("png");
    private static final byte[] JPEG = encode("jpeg");

    private Images() {
    }

    static byte[] png() {
        return PNG.clone();
    }

    static byte[] jpeg() {
        return JPEG.clone();
    }

    private static byte[] encode(String format) {
        BufferedImage img = new BufferedImage(32, 18, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x * 8) << 16 | (y * 14) << 8 | 0x80);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
